using Synapse.Models.Conversion;
using Synapse.Models.Gguf;
using Synapse.Models.Hub;
using Synapse.Testing;
using Synapse.Testing.Hub;

namespace Synapse.Models.Tests.Hub;

/// <summary>MODEL_NAME to a local GGUF: download from the (fake) hub, convert once into the converted-model cache, reuse.</summary>
public sealed class ModelResolverTests : FakeHubTest
{
    private async Task<ResolvedModel> Resolve(string name, ModelQuantization quantization = ModelQuantization.Q8_0, bool offline = false)
    {
        using var resolver = new ModelResolver(Folder.Environment(Hub.Url, offline: offline));
        return await resolver.ResolveAsync(ModelReference.Parse(name), quantization, null, null, CancellationToken.None);
    }

    [Fact]
    public async Task SafetensorsRepositoryIsDownloadedConvertedOnceAndReused()
    {
        var repo = Hub.AddRepo("fixtures/tiny-qwen2").AddFolder(Fixtures.Require("models/tiny-qwen2"));

        var first = await Resolve("fixtures/tiny-qwen2");
        var expected = Path.Combine(Folder.Home, "synapse", "gguf", "models--fixtures--tiny-qwen2", repo.Commit, "tiny-qwen2-Q8_0.gguf");
        Assert.Equal(expected, first.GgufPath);
        Assert.Equal(ModelQuantization.Q8_0, first.Quantization);
        var gguf = GgufReader.ReadFile(first.GgufPath);
        Assert.Equal("qwen2", gguf.Metadata.GetString("general.architecture"));
        Assert.Contains(gguf.Tensors, t => t.Type == GgmlType.Q8_0);
        // The expected.json is test data, never fetched.
        Assert.DoesNotContain(Hub.Requests, r => r.Path.EndsWith("expected.json", StringComparison.Ordinal));
        // No temporary file is left beside the converted one.
        Assert.DoesNotContain(Directory.GetFiles(Path.GetDirectoryName(expected)!), f => !f.EndsWith(".gguf", StringComparison.Ordinal) && !f.EndsWith(".lock", StringComparison.Ordinal));

        var written = File.GetLastWriteTimeUtc(first.GgufPath);
        var resolves = Hub.Requests.Count(r => r.Path.Contains("/resolve/", StringComparison.Ordinal));
        var second = await Resolve("fixtures/tiny-qwen2");
        Assert.Equal(first.GgufPath, second.GgufPath);
        Assert.Equal(written, File.GetLastWriteTimeUtc(second.GgufPath));
        Assert.Equal(resolves, Hub.Requests.Count(r => r.Path.Contains("/resolve/", StringComparison.Ordinal)));

        // Offline, the same name resolves from the caches alone.
        Assert.Equal(first.GgufPath, (await Resolve("fixtures/tiny-qwen2", offline: true)).GgufPath);
    }

    [Fact]
    public async Task ATagOrAnotherQuantizationConvertsAgainBesideTheFirst()
    {
        var repo = Hub.AddRepo("fixtures/tiny-llama").AddFolder(Fixtures.Require("models/tiny-llama"));
        var f16 = await Resolve("fixtures/tiny-llama:F16");
        Assert.EndsWith(Path.Combine(repo.Commit, "tiny-llama-F16.gguf"), f16.GgufPath, StringComparison.Ordinal);
        Assert.Contains(GgufReader.ReadFile(f16.GgufPath).Tensors, t => t.Type == GgmlType.F16);
    }

    [Fact]
    public async Task LocalFolderConvertsWithoutTheHub()
    {
        var folder = Fixtures.Require("models/tiny-qwen2");
        var resolved = await Resolve(folder, ModelQuantization.F16);
        Assert.StartsWith(Path.Combine(Folder.Home, "synapse", "gguf", "local", "tiny-qwen2-"), resolved.GgufPath, StringComparison.Ordinal);
        Assert.EndsWith("tiny-qwen2-F16.gguf", resolved.GgufPath, StringComparison.Ordinal);
        Assert.Empty(Hub.Requests);
    }

    [Fact]
    public async Task GgufRepositoryIsLoadedAsIs()
    {
        var model = Synapse.Testing.TestModels.TinyChatModelPath;
        Hub.AddRepo("acme/tiny-GGUF").Add("tiny-Q8_0.gguf", File.ReadAllBytes(model), lfs: true).Add("README.md", "x");
        var resolved = await Resolve("acme/tiny-GGUF");
        Assert.Null(resolved.Quantization);
        Assert.Equal("tiny-Q8_0.gguf", Path.GetFileName(resolved.GgufPath));
        Assert.Equal(File.ReadAllBytes(model), File.ReadAllBytes(resolved.GgufPath));
        Assert.False(Directory.Exists(Path.Combine(Folder.Home, "synapse")));
    }

    [Fact]
    public async Task UnsupportedArchitectureNamesTheSupportedOnes()
    {
        Hub.AddRepo("acme/mamba").Add("config.json", """{"architectures":["MambaForCausalLM"],"model_type":"mamba"}""")
            .Add("model.safetensors", SafetensorsWithOneTensor(), lfs: true);
        var error = await Assert.ThrowsAnyAsync<NotSupportedException>(() => Resolve("acme/mamba"));
        Assert.Contains("LlamaForCausalLM", error.Message, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(Folder.Home, "synapse", "gguf", "models--acme--mamba")) &&
            Directory.EnumerateFiles(Path.Combine(Folder.Home, "synapse", "gguf", "models--acme--mamba"), "*.gguf", SearchOption.AllDirectories).Any());
    }

    private static byte[] SafetensorsWithOneTensor()
    {
        var header = """{"w":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}}"""u8.ToArray();
        return [.. BitConverter.GetBytes((ulong)header.Length), .. header, .. new byte[8]];
    }
}
