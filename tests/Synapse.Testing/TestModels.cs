using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Synapse.TestModels;

namespace Synapse.Testing;

/// <summary>
/// Generated random-weight test models, built once per spec and builder version into
/// <c>{temp}/synapse-test-models/</c> and shared by every test process (dotnet test runs projects in parallel:
/// each builds into a unique file and renames it into place without overwriting, so the first one wins).
/// </summary>
public static class TestModels
{
    private static readonly ConcurrentDictionary<string, Lazy<string>> Built = new(StringComparer.Ordinal);

    /// <summary>Where the generated models are cached.</summary>
    public static string CacheDirectory { get; } = Path.Combine(Path.GetTempPath(), "synapse-test-models");

    /// <summary>
    /// <see cref="TestModelSpec.Tiny"/>: a llama-architecture model with a byte-level BPE tokenizer,
    /// <c>&lt;|im_start|&gt;</c>/<c>&lt;|im_end|&gt;</c> (EOS and EOT) and a ChatML template; loads and decodes in milliseconds.
    /// </summary>
    public static string TinyChatModelPath => GetPath(TestModelSpec.Tiny);

    /// <summary>The tiny shape with a SentencePiece ("llama") vocabulary that adds BOS.</summary>
    public static string TinySentencePieceModelPath =>
        GetPath(TestModelSpec.Tiny with { Name = "synapse-tiny-spm", Tokenizer = TestTokenizerKind.LlamaSentencePiece });

    /// <summary>The CONTROL tokens of <see cref="TinyToolMarkersModelPath"/>: Mistral's and Llama 3.1's tool-call markers.</summary>
    public static IReadOnlyList<string> ToolMarkerTokens { get; } = ["[TOOL_CALLS]", "[ARGS]", "[CALL_ID]", "<|python_tag|>"];

    /// <summary>The tiny model's spec with <see cref="ToolMarkerTokens"/> as CONTROL tokens (ids 3, 4, …), as real Mistral and Llama 3.1 vocabularies have them.</summary>
    public static TestModelSpec TinyToolMarkers { get; } = TestModelSpec.Tiny with { Name = "synapse-tiny-markers", ControlTokens = ToolMarkerTokens };

    /// <summary>The tiny model with <see cref="ToolMarkerTokens"/> as CONTROL tokens.</summary>
    public static string TinyToolMarkersModelPath => GetPath(TinyToolMarkers);

    /// <summary>The id of control token <paramref name="text"/> in <see cref="TinyToolMarkersModelPath"/>.</summary>
    public static int ToolMarkerId(string text) =>
        TestVocabulary.Create(TinyToolMarkers.Tokenizer, TinyToolMarkers.VocabSize, TinyToolMarkers.ControlTokens).IdOf(text);

    /// <summary>The path of the model for <paramref name="spec"/>, generating it first when it is not cached yet.</summary>
    public static string GetPath(TestModelSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var key = CacheKey(spec);
        return Built.GetOrAdd(key, _ => new Lazy<string>(() => Ensure(spec, CacheDirectory))).Value;
    }

    /// <summary>
    /// The model for <paramref name="spec"/> in <paramref name="directory"/>, built there unless present. Safe to call
    /// from several threads or processes at once: each builds into its own file and the first rename wins.
    /// </summary>
    public static string Ensure(TestModelSpec spec, string directory)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentException.ThrowIfNullOrEmpty(directory);
        var key = CacheKey(spec);
        Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, key + ".gguf");
        if (File.Exists(path))
        {
            return path;
        }

        RemoveAbandonedFiles(directory);
        var temp = Path.Combine(directory, $"{key}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp");
        try
        {
            TestModelBuilder.Write(spec, temp);
            try
            {
                File.Move(temp, path, overwrite: false);
            }
            catch (IOException) when (File.Exists(path))
            {
                // Another builder finished the same model first; theirs is identical (the builder is deterministic).
            }
        }
        finally
        {
            File.Delete(temp);
        }

        return path;
    }

    /// <summary>A stable name for the spec and the builder build that writes it.</summary>
    public static string CacheKey(TestModelSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        // The builder assembly's MVID (content-derived, as builds are deterministic) also changes the key, so an
        // edited builder never serves a stale model even when nobody bumped TestModelBuilder.Version.
        var builderId = typeof(TestModelBuilder).Assembly.ManifestModule.ModuleVersionId;
        var text = $"{spec.ToCanonicalString()}|builder-v{TestModelBuilder.Version}|{builderId:N}";
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..16];
        var safeName = new string(spec.Name.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' ? c : '_').ToArray());
        return $"{safeName}-{hash}";
    }

    // Builds killed half-way (a cancelled test run) leave temporary files; an hour is far longer than any build.
    private static void RemoveAbandonedFiles(string directory)
    {
        foreach (var file in Directory.EnumerateFiles(directory, "*.tmp*"))
        {
            try
            {
                if (File.GetLastWriteTimeUtc(file) < DateTime.UtcNow.AddHours(-1))
                {
                    File.Delete(file);
                }
            }
            catch (IOException)
            {
                // Still in use or already gone: not ours to worry about.
            }
            catch (UnauthorizedAccessException)
            {
            }
        }
    }
}
