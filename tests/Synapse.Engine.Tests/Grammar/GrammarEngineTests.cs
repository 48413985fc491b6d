using System.Text.Json;
using Synapse.Engine.Generation;
using Synapse.Engine.Grammar;
using Synapse.Engine.Sampling;
using Synapse.Engine.Tests.Infrastructure;

namespace Synapse.Engine.Tests.Grammar;

/// <summary>Constrained decoding, logprobs and logit bias through the real engine on the random-weight tiny model.</summary>
public sealed class GrammarEngineTests
{
    private static string ModelPath => Synapse.Testing.TestModels.TinyChatModelPath;

    [Fact]
    public async Task A_schema_grammar_makes_a_random_model_write_json_of_that_schema()
    {
        await using var engine = await EngineTestHelpers.LoadAsync(ModelPath, contextSize: 512);
        using var schema = JsonDocument.Parse("""{"type":"object","properties":{"ok":{"type":"boolean"},"n":{"type":"integer","minimum":0,"maximum":99}},"required":["ok","n"],"additionalProperties":false}""");
        var grammar = JsonSchemaGrammarBuilder.FromSchema(schema.RootElement);
        var prompt = engine.Tokenize("hello", addSpecial: false, parseSpecial: false);
        for (var seed = 1u; seed <= 5; seed++)
        {
            var (text, result) = await EngineTestHelpers.GenerateAsync(engine, new GenerationRequest
            {
                PromptTokens = prompt,
                Sampling = new SamplingOptions { Seed = seed },
                MaxTokens = 300,
                Grammar = new GrammarConstraint(grammar),
            });
            Assert.Equal(FinishReason.Stop, result.FinishReason);
            using var reply = JsonDocument.Parse(text);
            Assert.Equal(JsonValueKind.Object, reply.RootElement.ValueKind);
            Assert.True(reply.RootElement.GetProperty("n").GetInt32() is >= 0 and <= 99, text);
        }
    }

    [Fact]
    public async Task An_invalid_grammar_is_refused_when_submitted()
    {
        await using var engine = await EngineTestHelpers.LoadAsync(ModelPath);
        var prompt = engine.Tokenize("hello", addSpecial: false, parseSpecial: false);
        await Assert.ThrowsAsync<InvalidGrammarException>(async () => await engine.SubmitAsync(new GenerationRequest
        {
            PromptTokens = prompt,
            Grammar = new GrammarConstraint("root ::= undefined-rule"),
        }, CancellationToken.None));
        await Assert.ThrowsAsync<InvalidGrammarException>(async () => await engine.SubmitAsync(new GenerationRequest
        {
            PromptTokens = prompt,
            Grammar = new GrammarConstraint("root ::= \"a"),
        }, CancellationToken.None));

        // The engine goes on serving.
        var (_, result) = await EngineTestHelpers.GenerateAsync(engine, new GenerationRequest { PromptTokens = prompt, MaxTokens = 3, IgnoreEos = true });
        Assert.Equal(3, result.CompletionTokens);
    }
}
