using Synapse.Engine.Tests.Infrastructure;
using Synapse.Engine.Tests.Scheduling;
using Synapse.Testing;

namespace Synapse.Engine.Tests.Backend;

/// <summary>stories260K: a small trained llama (vocab 512, SentencePiece, ChatML template). Its text is gibberish; ids count.</summary>
public sealed class StoriesEngineTests : EngineBehaviourTests
{
    protected override string ModelPath => Fixtures.Require("models/stories260K.gguf");

    [Fact]
    public async Task Describes_the_loaded_model()
    {
        await using var engine = await EngineTestHelpers.LoadAsync(ModelPath);
        var model = engine.Model;
        Assert.Equal("llama", model.Architecture);
        Assert.Equal(512, model.VocabularySize);
        Assert.Equal(512, model.TrainContextLength);
        Assert.InRange(model.ParameterCount, 200_000, 300_000);
        Assert.Equal(new FileInfo(ModelPath).Length, model.SizeBytes);
        Assert.Equal("F32", model.FileType);
        Assert.Equal("<s>", model.BosToken);
        Assert.Equal("</s>", model.EosToken);
        Assert.True(model.AddBos);
        Assert.Contains("<|im_start|>", model.ChatTemplate, StringComparison.Ordinal);
        Assert.Contains(model.NativeVariant, new[] { "avx512", "avx2", "avx", "noavx", "default" });
        Assert.True(engine.IsReady);
        Assert.Equal(256, engine.ContextSize);
    }

    [Fact]
    public async Task Cache_state_never_crosses_models()
    {
        // Two engines in one process, one per model, fed the same token ids: each reuses only its own history.
        await using var stories = await EngineTestHelpers.LoadAsync(ModelPath, parallel: 1, cacheRamMb: 16);
        await using var tiny = await EngineTestHelpers.LoadAsync(Synapse.Testing.TestModels.TinyChatModelPath, parallel: 1, cacheRamMb: 16);
        await using var freshTiny = await EngineTestHelpers.LoadAsync(Synapse.Testing.TestModels.TinyChatModelPath, parallel: 1, prefixCache: false);
        int[] prompt = [.. Enumerable.Range(0, 48).Select(i => 10 + (i * 7 % 200))];
        Synapse.Engine.Generation.GenerationRequest Request() => new() { PromptTokens = prompt, MaxTokens = 8, IgnoreEos = true, Sampling = new() { Temperature = 0 } };

        var (_, onStories) = await EngineTestHelpers.GenerateAsync(stories, Request());
        var (_, again) = await EngineTestHelpers.GenerateAsync(stories, Request());
        var (tinyText, onTiny) = await EngineTestHelpers.GenerateAsync(tiny, Request());

        Assert.Equal((0, prompt.Length - 1), (onStories.CachedTokens, again.CachedTokens));
        Assert.Equal(0, onTiny.CachedTokens);
        Assert.Equal((await EngineTestHelpers.GenerateAsync(freshTiny, Request())).Text, tinyText);
        Assert.Equal(0, tiny.GetStats().CachedPromptTokensTotal);
    }
}
