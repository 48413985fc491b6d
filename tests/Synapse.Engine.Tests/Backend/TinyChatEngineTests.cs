using Synapse.Engine.Tests.Infrastructure;
using Synapse.Engine.Tests.Scheduling;
using Synapse.Testing;

namespace Synapse.Engine.Tests.Backend;

/// <summary>The generated tiny chat model (random weights, byte-level BPE, ChatML): runs without fixtures.</summary>
public sealed class TinyChatEngineTests : EngineBehaviourTests
{
    protected override string ModelPath => Synapse.Testing.TestModels.TinyChatModelPath;

    [Fact]
    public async Task Describes_the_loaded_model()
    {
        await using var engine = await EngineTestHelpers.LoadAsync(ModelPath);
        var model = engine.Model;
        Assert.Equal("llama", model.Architecture);
        Assert.True(model.VocabularySize > 256);
        Assert.Equal("<|im_end|>", model.EosToken);
        Assert.Contains("<|im_start|>", model.ChatTemplate, StringComparison.Ordinal);
        Assert.False(string.IsNullOrEmpty(model.NativeVariant));
        Assert.False(string.IsNullOrEmpty(model.Description));
    }

    [Fact]
    public async Task Its_chatml_special_tokens_parse_and_render_only_when_asked()
    {
        await using var engine = await EngineTestHelpers.LoadAsync(ModelPath);
        var special = engine.Tokenize("<|im_end|>", addSpecial: false, parseSpecial: true);
        var plain = engine.Tokenize("<|im_end|>", addSpecial: false, parseSpecial: false);
        Assert.Single(special);
        Assert.True(plain.Length > 1);
        // Special tokens are not rendered as text.
        Assert.Equal("", engine.Detokenize(special));
        Assert.Equal("<|im_end|>", engine.Detokenize(special, renderSpecial: true));
    }
}
