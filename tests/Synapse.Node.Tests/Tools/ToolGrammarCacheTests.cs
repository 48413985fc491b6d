using System.Text.Json;
using Synapse.Node.Tools;
using Synapse.OpenAI.Chat;
using Synapse.OpenAI.Errors;

namespace Synapse.Node.Tests.Tools;

/// <summary>Tool grammars are built once per (format, tools, tool_choice, parallel_tool_calls), and the cache is bounded.</summary>
public sealed class ToolGrammarCacheTests
{
    private static ToolPlan Plan(string parameters, string? choice = null, bool parallel = true, string name = "get_weather")
    {
        var request = new ChatCompletionRequest
        {
            Tools = [new ChatTool { Type = "function", Function = new ChatFunctionDefinition { Name = name, Parameters = JsonDocument.Parse(parameters).RootElement.Clone() } }],
            ToolChoice = choice is null ? null : JsonDocument.Parse(choice).RootElement.Clone(),
            ParallelToolCalls = parallel,
        };
        return ToolPlan.From(request)!;
    }

    private const string City = """{"type":"object","properties":{"city":{"type":"string"}}}""";

    [Fact]
    public void The_same_tools_and_choice_get_the_same_grammar_object()
    {
        var cache = new ToolGrammarCache();
        var first = cache.Get(Plan(City), ToolCallFormat.Hermes);
        // A new request with equal tools: a fresh plan, equal text.
        var again = cache.Get(Plan(City), ToolCallFormat.Hermes);
        Assert.NotNull(first);
        Assert.Same(first, again);
        Assert.Equal(1, cache.Count);
        Assert.Equal(Describe(ToolGrammar.For(Plan(City), ToolCallFormat.Hermes)!), Describe(first));
    }

    [Fact]
    public void Each_input_of_the_grammar_is_part_of_the_key()
    {
        var cache = new ToolGrammarCache();
        var baseline = cache.Get(Plan(City), ToolCallFormat.Hermes)!;
        GrammarConstraintSet others =
        [
            cache.Get(Plan(City), ToolCallFormat.MistralArgs)!,
            cache.Get(Plan(City, "\"required\""), ToolCallFormat.Hermes)!,
            cache.Get(Plan(City, parallel: false), ToolCallFormat.Hermes)!,
            cache.Get(Plan("""{"type":"object","properties":{"town":{"type":"string"}}}"""), ToolCallFormat.Hermes)!,
            cache.Get(Plan(City, name: "get_time"), ToolCallFormat.Hermes)!,
        ];
        Assert.All(others, g => Assert.NotSame(baseline, g));
        Assert.Equal(others.Count + 1, others.Select(Describe).Append(Describe(baseline)).Distinct().Count());
        Assert.Equal(6, cache.Count);
        Assert.Null(cache.Get(Plan(City, "\"none\""), ToolCallFormat.Hermes));
    }

    [Fact]
    public void The_reply_schema_beside_the_tools_is_part_of_the_key_and_of_the_envelope()
    {
        var cache = new ToolGrammarCache();
        var verdict = JsonDocument.Parse("""{"type":"object","properties":{"verdict":{"enum":["yes","no"]}},"required":["verdict"]}""").RootElement.Clone();
        var plain = cache.Get(Plan(City), ToolCallFormat.Generic)!;
        var withSchema = cache.Get(Plan(City) with { ResponseSchema = verdict }, ToolCallFormat.Generic)!;
        Assert.NotSame(plain, withSchema);
        Assert.Contains("response", withSchema.Gbnf, StringComparison.Ordinal);
        Assert.Contains("yes", withSchema.Gbnf, StringComparison.Ordinal);
        Assert.DoesNotContain("yes", plain.Gbnf, StringComparison.Ordinal);
        Assert.Same(withSchema, cache.Get(Plan(City) with { ResponseSchema = verdict.Clone() }, ToolCallFormat.Generic));
    }

    [Theory]
    [InlineData("json_schema", null, ToolCallFormat.Generic)]
    [InlineData("json_object", null, ToolCallFormat.Generic)]
    [InlineData("json_object", "\"required\"", ToolCallFormat.Generic)]
    [InlineData("text", null, ToolCallFormat.Hermes)]
    [InlineData("json_object", "\"none\"", ToolCallFormat.Hermes)]
    public void A_json_reply_format_beside_tools_chooses_the_generic_envelope(string format, string? choice, ToolCallFormat expected)
    {
        var request = new ChatCompletionRequest
        {
            Tools = [new ChatTool { Type = "function", Function = new ChatFunctionDefinition { Name = "f", Parameters = JsonDocument.Parse(City).RootElement.Clone() } }],
            ToolChoice = choice is null ? null : JsonDocument.Parse(choice).RootElement.Clone(),
            ResponseFormat = new ResponseFormat
            {
                Type = format,
                JsonSchema = format == ResponseFormat.JsonSchemaType ? JsonDocument.Parse("""{"name":"v","schema":{"type":"object"}}""").RootElement.Clone() : null,
            },
        };
        Assert.Equal(expected, ToolPlan.From(request)!.FormatFor(ToolCallFormat.Hermes));
    }

    [Fact]
    public void The_cache_is_bounded_and_does_not_keep_failures()
    {
        var cache = new ToolGrammarCache(capacity: 3);
        for (var i = 0; i < 10; i++)
        {
            cache.Get(Plan(City, name: "f" + i), ToolCallFormat.Hermes);
            Assert.InRange(cache.Count, 1, 3);
        }

        var unenforceable = Plan("""{"type":"object","properties":{"x":{"type":"string","pattern":"(?=a)"}}}""");
        Assert.Throws<ApiError>(() => cache.Get(unenforceable, ToolCallFormat.Hermes));
        Assert.Throws<ApiError>(() => cache.Get(unenforceable, ToolCallFormat.Hermes));
        Assert.InRange(cache.Count, 1, 3);
    }

    private static string Describe(Synapse.Engine.Grammar.GrammarConstraint g) =>
        g.Gbnf + "|" + string.Join(",", g.TriggerWords) + "|" + string.Join(",", g.TriggerPatterns);

    private sealed class GrammarConstraintSet : List<Synapse.Engine.Grammar.GrammarConstraint>;
}
