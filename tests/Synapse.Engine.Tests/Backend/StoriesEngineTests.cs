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

}
