using Synapse.Models.Hub;
using Synapse.Testing.Hub;

namespace Synapse.Models.Tests.Hub;

public sealed class RepoFileSelectorTests
{
    private static readonly string[] Quantizations = ["F16", "BF16", "Q8_0", "Q6_K", "Q5_K_M", "Q4_K_M"];

    private static RepoSelection Select(string? tag, params (string Path, long Size)[] files) =>
        RepoFileSelector.Select("org/repo", files.Select(f => new RepoFile(f.Path, f.Size)).ToList(), tag,
            t => Quantizations.Contains(t, StringComparer.OrdinalIgnoreCase));

    private static readonly (string, long)[] GgufRepo =
    [
        ("README.md", 10), ("model-Q2_K.gguf", 200), ("model-Q4_K.gguf", 380), ("model-Q4_K_M.gguf", 400), ("model-Q8_0.gguf", 800),
        ("model-f16.gguf", 1600), ("mmproj-model-f16.gguf", 50),
    ];

    [Fact]
    public void GgufRepositoryDefaultsToQ4KM() => Assert.Equal(["model-Q4_K_M.gguf"], Select(null, GgufRepo).Files);

    [Theory]
    [InlineData("Q8_0", "model-Q8_0.gguf")]
    [InlineData("q4_k", "model-Q4_K.gguf")]
    [InlineData("F16", "model-f16.gguf")]
    [InlineData("Q2_K", "model-Q2_K.gguf")]
    public void TagPicksItsFile(string tag, string expected)
    {
        var selection = Select(tag, GgufRepo);
        Assert.Equal(RepoFormat.Gguf, selection.Format);
        Assert.Equal([expected], selection.Files);
    }

    [Fact]
    public void WithoutQ4KMThenQ8ThenSmallest()
    {
        Assert.Equal(["a.Q8_0.gguf"], Select(null, ("a.Q8_0.gguf", 800), ("a.Q6_K.gguf", 600)).Files);
        Assert.Equal(["a.Q3_K_S.gguf"], Select(null, ("a.Q6_K.gguf", 600), ("a.Q3_K_S.gguf", 300), ("mmproj-tiny.gguf", 1)).Files);
    }

    [Fact]
    public void SplitGgufIsOneCandidateWithAllPartsInOrder()
    {
        var selection = Select("Q8_0",
            ("Q8_0/m-Q8_0-00002-of-00002.gguf", 500), ("Q8_0/m-Q8_0-00001-of-00002.gguf", 500), ("m-Q4_K_M.gguf", 400));
        Assert.Equal(["Q8_0/m-Q8_0-00001-of-00002.gguf", "Q8_0/m-Q8_0-00002-of-00002.gguf"], selection.Files);
        Assert.Equal("Q8_0/m-Q8_0-00001-of-00002.gguf", selection.GgufToLoad);
    }

    [Fact]
    public void SafetensorsRepositoryTakesConfigTokenizerAndWeightsOnly()
    {
        var selection = Select(null,
            ("config.json", 1), ("generation_config.json", 1), ("tokenizer.json", 1), ("tokenizer_config.json", 1), ("README.md", 1),
            ("model.safetensors", 100), ("pytorch_model.bin", 100), ("tf_model.h5", 100), ("flax_model.msgpack", 100), ("onnx/model.onnx", 100),
            ("original/consolidated.00.pth", 100));
        Assert.Equal(RepoFormat.Safetensors, selection.Format);
        Assert.Equal(["config.json", "generation_config.json", "tokenizer.json", "tokenizer_config.json", "model.safetensors"], selection.Files);
    }

    [Fact]
    public void ShardedSafetensorsStartFromTheIndexAndSkipConsolidated()
    {
        var selection = Select(null, ("config.json", 1), ("model.safetensors.index.json", 1), ("model-00001-of-00002.safetensors", 1),
            ("model-00002-of-00002.safetensors", 1), ("consolidated.safetensors", 2));
        Assert.Equal(["config.json", "model.safetensors.index.json"], selection.Files);
        Assert.Equal("model.safetensors.index.json", selection.SafetensorsIndex);

        Assert.Equal(["config.json", "a.safetensors", "b.safetensors"],
            Select(null, ("config.json", 1), ("a.safetensors", 1), ("b.safetensors", 1), ("consolidated.safetensors", 2)).Files);
    }

    [Fact]
    public void ATagThatIsAQuantizationConvertsASafetensorsRepository()
    {
        Assert.Equal(RepoFormat.Safetensors, Select("Q4_K_M", ("config.json", 1), ("model.safetensors", 1)).Format);
        Assert.Equal(HubErrorKind.NoSupportedWeights, Assert.Throws<HubException>(() => Select("IQ1_S", ("config.json", 1), ("model.safetensors", 1))).Kind);
    }

    [Fact]
    public void UnknownTagInAGgufRepositoryListsItsFiles()
    {
        var error = Assert.Throws<HubException>(() => Select("IQ2_XS", GgufRepo));
        Assert.Contains("model-Q8_0.gguf", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void RepositoryWithOnlyBinWeightsIsAClearError()
    {
        var error = Assert.Throws<HubException>(() => Select(null, ("config.json", 1), ("pytorch_model.bin", 100)));
        Assert.Equal(HubErrorKind.NoSupportedWeights, error.Kind);
        Assert.Contains("pytorch_model.bin", error.Message, StringComparison.Ordinal);
        Assert.Contains("safetensors", error.Message, StringComparison.Ordinal);
    }
}
