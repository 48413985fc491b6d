using System.Text.Json;
using Synapse.Engine.Generation;
using Synapse.Engine.Grammar;
using Synapse.Engine.Tests.Infrastructure;
using Synapse.Testing.Grammar;

namespace Synapse.Engine.Tests.Grammar;

public sealed class JsonSchemaGrammarBuilderTests
{
    [Fact]
    public async Task Every_test_schema_converts_to_a_grammar_llama_cpp_accepts()
    {
        await using var engine = await EngineTestHelpers.LoadAsync(Synapse.Testing.TestModels.TinyChatModelPath);
        var prompt = engine.Tokenize("x", addSpecial: false, parseSpecial: false);
        foreach (var (name, text) in TestSchemas.All)
        {
            using var schema = JsonDocument.Parse(text);
            var gbnf = JsonSchemaGrammarBuilder.FromSchema(schema.RootElement);
            Assert.Contains("root ::= ", gbnf, StringComparison.Ordinal);
            var (_, result) = await EngineTestHelpers.GenerateAsync(engine, new GenerationRequest
            {
                PromptTokens = prompt,
                MaxTokens = 1,
                Grammar = new GrammarConstraint(gbnf),
            });
            Assert.True(result.CompletionTokens == 1, name);
        }
    }

    [Theory]
    [InlineData("""{"type":"object","not":{"type":"null"}}""", "not")]
    [InlineData("""{"type":"array","items":{"type":"integer"},"uniqueItems":true}""", "uniqueItems")]
    [InlineData("""{"type":"string","format":"email"}""", "format")]
    [InlineData("""{"type":"number","minimum":1e300}""", "minimum")]
    [InlineData("""{"type":"number","minimum":2,"exclusiveMaximum":2}""", "minimum")]
    [InlineData("""{"$ref":"https://example.com/schema.json"}""", "$ref")]
    [InlineData("""{"$ref":"#/$defs/missing"}""", "$ref")]
    [InlineData("""{"type":"string","pattern":"^(?=a)b$"}""", "pattern")]
    [InlineData("""{"type":"string","pattern":"no anchors"}""", "pattern")]
    [InlineData("""{"type":"object","properties":{"a":{"type":"integer"}},"minProperties":1}""", "minProperties")]
    [InlineData("""{"type":"integer","multipleOf":3}""", "multipleOf")]
    public void A_keyword_it_cannot_enforce_is_named(string schema, string keyword)
    {
        using var document = JsonDocument.Parse(schema);
        var error = Assert.Throws<UnsupportedSchemaException>(() => JsonSchemaGrammarBuilder.FromSchema(document.RootElement));
        Assert.Equal(keyword, error.Keyword);
    }

    [Fact]
    public async Task Schemas_and_rules_compose_into_one_grammar()
    {
        using var first = JsonDocument.Parse("""{"type":"object","properties":{"city":{"type":"string","maxLength":4}},"required":["city"],"additionalProperties":false}""");
        using var second = JsonDocument.Parse("""{"$defs":{"n":{"type":"integer","minimum":0,"maximum":3}},"type":"object","properties":{"n":{"$ref":"#/$defs/n"}},"required":["n"],"additionalProperties":false}""");
        var builder = new JsonSchemaGrammarBuilder();
        var a = builder.AddSchema(first.RootElement, "weather-args");
        var b = builder.AddSchema(second.RootElement, "count-args");
        builder.AddRule("root", $"{JsonSchemaGrammarBuilder.Literal("<call>\"q\"\n")} ({a} | {b})");
        var gbnf = builder.Build();
        Assert.Contains("\"<call>\\\"q\\\"\\n\"", gbnf, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => builder.AddRule("root", "\"other\""));

        await using var engine = await EngineTestHelpers.LoadAsync(Synapse.Testing.TestModels.TinyChatModelPath);
        var prompt = engine.Tokenize("x", addSpecial: false, parseSpecial: false);
        var (text, result) = await EngineTestHelpers.GenerateAsync(engine, new GenerationRequest
        {
            PromptTokens = prompt,
            MaxTokens = 200,
            Sampling = new Sampling.SamplingOptions { Seed = 7 },
            Grammar = new GrammarConstraint(gbnf),
        });
        Assert.Equal(FinishReason.Stop, result.FinishReason);
        Assert.StartsWith("<call>\"q\"\n", text, StringComparison.Ordinal);
        using var json = JsonDocument.Parse(text["<call>\"q\"\n".Length..]);
        Assert.True(json.RootElement.TryGetProperty("city", out _) || json.RootElement.TryGetProperty("n", out _));
    }

    [Fact]
    public async Task A_lazy_grammar_leaves_text_free_until_its_trigger()
    {
        await using var engine = await EngineTestHelpers.LoadAsync(Synapse.Testing.TestModels.TinyChatModelPath);
        var prompt = engine.Tokenize("x", addSpecial: false, parseSpecial: false);
        // "a" is a likely enough byte for a random model to write; from it on at most 10 characters other than '!',
        // then '!', then the end. (The characters after "a" in the token that wrote it are part of the constrained text.)
        var grammar = new GrammarConstraint("root ::= \"a\" [^!]{0,10} \"!\"") { TriggerWords = ["a"] };
        var triggered = 0;
        for (var seed = 1u; seed <= 12; seed++)
        {
            var (text, result) = await EngineTestHelpers.GenerateAsync(engine, new GenerationRequest
            {
                PromptTokens = prompt,
                MaxTokens = 60,
                Sampling = new Sampling.SamplingOptions { Seed = seed, Temperature = 1.5f },
                Grammar = grammar,
            });
            var at = text.IndexOf('a', StringComparison.Ordinal);
            if (at >= 0 && result.FinishReason == FinishReason.Stop)
            {
                var constrained = text[at..];
                Assert.Matches("^a[^!]{0,10}!$", constrained);
                triggered++;
            }
        }

        Assert.True(triggered > 0, "no generation reached the trigger");
    }

    [Fact]
    public void The_cache_converts_a_schema_once()
    {
        var cache = new JsonSchemaGrammarCache();
        using var schema = JsonDocument.Parse(TestSchemas.All[5].Schema);
        var first = cache.Get(schema.RootElement);
        var again = cache.Get(schema.RootElement);
        Assert.Same(first, again);
        Assert.Equal(1, cache.Count);
    }
}
