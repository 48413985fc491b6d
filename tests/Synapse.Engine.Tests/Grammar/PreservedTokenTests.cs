using Synapse.Engine.Generation;
using Synapse.Engine.Grammar;
using Synapse.Engine.Sampling;
using Synapse.Engine.Tests.Infrastructure;

namespace Synapse.Engine.Tests.Grammar;

/// <summary>
/// Tool-call markers that are CONTROL tokens of the vocabulary (<c>[TOOL_CALLS]</c>, <c>&lt;|python_tag|&gt;</c>):
/// generated text renders control tokens as nothing, unless the request preserves them, and a lazy grammar's trigger
/// word fires on them. A logit bias of +100 makes the random-weight model pick the marker wherever it may.
/// </summary>
public sealed class PreservedTokenTests
{
    private static string ModelPath => Synapse.Testing.TestModels.TinyToolMarkersModelPath;

    [Fact]
    public async Task A_preserved_control_token_shows_its_text_and_others_stay_hidden()
    {
        await using var engine = await EngineTestHelpers.LoadAsync(ModelPath);
        var prompt = engine.Tokenize("hello", addSpecial: false, parseSpecial: false);
        var marker = Synapse.Testing.TestModels.ToolMarkerId("[TOOL_CALLS]");
        var args = Synapse.Testing.TestModels.ToolMarkerId("[ARGS]");
        Assert.Equal([marker], engine.Tokenize("[TOOL_CALLS]", addSpecial: false, parseSpecial: true));

        async Task<string> GenerateAsync(int token, IReadOnlyList<string> preserved)
        {
            var (text, result) = await EngineTestHelpers.GenerateAsync(engine, new GenerationRequest
            {
                PromptTokens = prompt,
                Sampling = new SamplingOptions { Temperature = 0, LogitBias = new Dictionary<int, float> { [token] = 100 } },
                MaxTokens = 2,
                PreservedTokens = preserved,
            });
            Assert.Equal(2, result.CompletionTokens);
            return text;
        }

        Assert.Equal("[TOOL_CALLS][TOOL_CALLS]", await GenerateAsync(marker, ["[TOOL_CALLS]", "[ARGS]"]));
        Assert.Equal("", await GenerateAsync(marker, []));
        // Only the listed ones: [ARGS] is a control token the request did not preserve.
        Assert.Equal("", await GenerateAsync(args, ["[TOOL_CALLS]"]));
        // A text that is not a control token of the vocabulary changes nothing.
        Assert.Equal("", await GenerateAsync(marker, ["<tool_call>", "TOOL"]));
    }

    [Fact]
    public async Task A_lazy_grammar_triggers_on_a_preserved_control_token()
    {
        await using var engine = await EngineTestHelpers.LoadAsync(ModelPath);
        var prompt = engine.Tokenize("hello", addSpecial: false, parseSpecial: false);
        var marker = Synapse.Testing.TestModels.ToolMarkerId("[TOOL_CALLS]");
        var grammar = new GrammarConstraint("""root ::= "[TOOL_CALLS]" "ok" """) { TriggerWords = ["[TOOL_CALLS]"] };
        var (text, result) = await EngineTestHelpers.GenerateAsync(engine, new GenerationRequest
        {
            PromptTokens = prompt,
            Sampling = new SamplingOptions { Seed = 7, LogitBias = new Dictionary<int, float> { [marker] = 100 } },
            MaxTokens = 20,
            Grammar = grammar,
            PreservedTokens = ["[TOOL_CALLS]"],
        });

        // The marker fired the trigger; from there the grammar allowed "ok" and then only the end.
        Assert.Equal("[TOOL_CALLS]ok", text);
        Assert.Equal(FinishReason.Stop, result.FinishReason);
    }

    [Fact]
    public async Task An_active_grammar_accepts_a_control_token_for_its_marker_text()
    {
        await using var engine = await EngineTestHelpers.LoadAsync(ModelPath);
        var prompt = engine.Tokenize("hello", addSpecial: false, parseSpecial: false);
        var tag = Synapse.Testing.TestModels.ToolMarkerId("<|python_tag|>");
        var (text, result) = await EngineTestHelpers.GenerateAsync(engine, new GenerationRequest
        {
            PromptTokens = prompt,
            Sampling = new SamplingOptions { Seed = 3, LogitBias = new Dictionary<int, float> { [tag] = 100 } },
            MaxTokens = 20,
            Grammar = new GrammarConstraint("""root ::= "<|python_tag|>" [0-9] """),
            PreservedTokens = ["<|python_tag|>"],
        });

        Assert.Matches(@"^<\|python_tag\|>[0-9]$", text);
        Assert.Equal(FinishReason.Stop, result.FinishReason);
    }
}
