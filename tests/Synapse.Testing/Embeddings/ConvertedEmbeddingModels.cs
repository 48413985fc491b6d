using System.Collections.Concurrent;
using Synapse.Models.Conversion;

namespace Synapse.Testing.Embeddings;

/// <summary>
/// The embedding fixtures converted to GGUF once per test process (into a folder of its own, removed at exit), so
/// engine and node tests run the real converter's output.
/// </summary>
public static class ConvertedEmbeddingModels
{
    private static readonly string Folder = Path.Combine(Path.GetTempPath(), $"synapse-embedding-models-{Environment.ProcessId}");
    private static readonly ConcurrentDictionary<string, Lazy<Task<string>>> Converted = new(StringComparer.Ordinal);

    static ConvertedEmbeddingModels()
    {
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            try
            {
                Directory.Delete(Folder, recursive: true);
            }
            catch (IOException)
            {
                // Best effort: a still-mapped file on some systems; the temp folder is cleaned eventually.
            }
            catch (UnauthorizedAccessException)
            {
            }
        };
    }

    /// <summary>
    /// The GGUF of fixture <paramref name="name"/> (tiny-bert, tiny-qwen3-embedding) and its expectations; skips
    /// (or fails under CI) when the fixture is absent.
    /// </summary>
    public static async Task<(string Path, EmbeddingFixture Expected)> GetAsync(string name, ModelQuantization quantization = ModelQuantization.F32)
    {
        var (directory, expected) = EmbeddingFixture.Require(name);
        var path = await Converted.GetOrAdd($"{name}-{quantization}", key => new Lazy<Task<string>>(async () =>
        {
            Directory.CreateDirectory(Folder);
            var output = System.IO.Path.Combine(Folder, key + ".gguf");
            await HfToGgufConverter.ConvertAsync(directory, output, quantization, null, CancellationToken.None).ConfigureAwait(false);
            return output;
        })).Value.ConfigureAwait(false);
        return (path, expected);
    }
}
