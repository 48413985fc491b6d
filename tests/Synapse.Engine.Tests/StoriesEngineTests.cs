using Synapse.Engine.Generation;
using Synapse.Engine.Sampling;
using Synapse.Testing;

namespace Synapse.Engine.Tests;

/// <summary>Engine behaviour on stories260K, a small trained llama (vocab 512) whose output reads as text.</summary>
public sealed class StoriesEngineTests
{
    private static string ModelPath => Fixtures.Require("models/stories260K.gguf");

    [SkippableFact]
    public async Task Describes_the_loaded_model()
    {
        await using var engine = await EngineTestHelpers.LoadAsync(ModelPath);
        var model = engine.Model;
        Assert.Equal("llama", model.Architecture);
        Assert.Equal(512, model.VocabularySize);
        Assert.True(model.ParameterCount > 0);
        Assert.True(model.SizeBytes > 0);
        Assert.False(string.IsNullOrEmpty(model.FileType));
        Assert.Contains(model.NativeVariant, new[] { "avx512", "avx2", "avx", "noavx", "default" });
        Assert.True(engine.IsReady);
        Assert.Equal(256, engine.ContextSize);
    }

    [SkippableFact]
    public async Task Greedy_generation_is_deterministic_and_reads_as_text()
    {
        await using var engine = await EngineTestHelpers.LoadAsync(ModelPath);
        var prompt = engine.Tokenize("Once upon a time", addSpecial: true, parseSpecial: false);
        var request = new GenerationRequest { PromptTokens = prompt, MaxTokens = 40, Sampling = new SamplingOptions { Temperature = 0 } };

        var (first, firstResult) = await EngineTestHelpers.GenerateAsync(engine, request);
        var (second, _) = await EngineTestHelpers.GenerateAsync(engine, request);

        Assert.Equal(first, second);
        Assert.False(string.IsNullOrWhiteSpace(first));
        Assert.Equal(prompt.Length, firstResult.PromptTokens);
        Assert.InRange(firstResult.CompletionTokens, 1, 40);
    }
}
