using System.Text.Json;
using Json.Schema;
using Synapse.Node.Tests.Infrastructure;

namespace Synapse.Node.Tests.Tools;

/// <summary>
/// On a random-weight model only the grammar can make a reply a valid call: 100 of 100 <c>tool_choice:
/// "required"</c> replies carry calls of an offered function whose arguments validate (JsonSchema.Net) against its
/// schema, over 23 schemas — in the Hermes format and in the generic envelope of a template without tools.
/// </summary>
[Collection(ToolNodeCollection.Name)]
public sealed class RequiredToolCallValidityTests(ToolNodeFixture fixture)
{
    [Fact]
    public async Task Hundred_required_replies_in_the_hermes_format_are_schema_valid() =>
        await AssertHundredValidAsync(await fixture.HermesAsync());

    [Fact]
    public async Task Hundred_required_replies_in_the_generic_envelope_are_schema_valid() =>
        await AssertHundredValidAsync(await fixture.GenericAsync());

    private static async Task AssertHundredValidAsync(NodeHost host)
    {
        var validators = ToolSchemas.All.ToDictionary(s => s.Name, s => JsonSchema.FromText(s.Schema));
        var failures = new List<string>();
        var valid = 0;
        using var gate = new SemaphoreSlim(4);
        var tasks = Enumerable.Range(0, 100).Select(async i =>
        {
            await gate.WaitAsync();
            try
            {
                // Two tools per request, the second one next in the list, so the grammar must also pick a name. One
                // call per reply keeps the random model's output (whitespace included) well inside max_tokens.
                var first = ToolSchemas.All[i % ToolSchemas.All.Length];
                var second = ToolSchemas.All[(i + 1) % ToolSchemas.All.Length];
                var body = $$"""
                    {"model": "{{host.Model}}", "messages": [{"role": "user", "content": "Call a tool."}],
                     "tools": [{{Tool(first)}}, {{Tool(second)}}], "tool_choice": "required",
                     "parallel_tool_calls": false, "seed": {{i}}, "max_tokens": 1000}
                    """;
                var (response, json) = await Sse.PostJsonAsync(host.Http, "/v1/chat/completions", body);
                var problem = Check(json, response.IsSuccessStatusCode, validators, first.Name, second.Name);
                lock (failures)
                {
                    if (problem is null)
                    {
                        valid++;
                    }
                    else
                    {
                        failures.Add($"#{i} ({first.Name}/{second.Name}): {problem}");
                    }
                }
            }
            finally
            {
                gate.Release();
            }
        });
        await Task.WhenAll(tasks);
        Assert.True(valid == 100, $"{valid} of 100 valid:\n{string.Join('\n', failures.Take(10))}");
    }

    private static string Tool((string Name, string Schema) tool) =>
        $$$"""{"type": "function", "function": {"name": "{{{tool.Name}}}", "description": "Test tool {{{tool.Name}}}.", "parameters": {{{tool.Schema}}} } }""";

    private static string? Check(JsonElement json, bool ok, Dictionary<string, JsonSchema> validators, params string[] offered)
    {
        if (!ok)
        {
            return "HTTP error " + json.GetRawText();
        }

        var choice = json.GetProperty("choices")[0];
        if (choice.GetProperty("finish_reason").GetString() != "tool_calls")
        {
            return "finish_reason " + choice.GetProperty("finish_reason").GetString() + ": " + choice.GetRawText();
        }

        var message = choice.GetProperty("message");
        if (message.GetProperty("content").ValueKind != JsonValueKind.Null)
        {
            return "content is not null: " + message.GetRawText();
        }

        var ids = new HashSet<string>();
        foreach (var call in message.GetProperty("tool_calls").EnumerateArray())
        {
            var id = call.GetProperty("id").GetString()!;
            var name = call.GetProperty("function").GetProperty("name").GetString()!;
            if (!id.StartsWith("call_", StringComparison.Ordinal) || id.Length < 10 || !ids.Add(id))
            {
                return "bad or repeated id " + id;
            }

            if (!offered.Contains(name))
            {
                return "called an unknown function " + name;
            }

            using var arguments = JsonDocument.Parse(call.GetProperty("function").GetProperty("arguments").GetString()!);
            var result = validators[name].Evaluate(arguments.RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List });
            if (!result.IsValid)
            {
                return $"arguments of {name} invalid: {arguments.RootElement.GetRawText()}";
            }
        }

        return ids.Count == 0 ? "no calls" : null;
    }
}
