using System.Net;
using System.Text.Json;
using Json.Schema;
using Synapse.Node.Tests.Infrastructure;
using Synapse.Node.Tools;

namespace Synapse.Node.Tests.Tools;

/// <summary>
/// Tools together with a JSON reply format (what the OpenAI Agents SDK sends with an <c>outputType</c>): the reply
/// is the generic envelope whatever the template's family, either calls or <c>{"response": &lt;the schema&gt;}</c>,
/// so on a random-weight model every reply is schema-valid calls or schema-valid content. The Hermes node shows the
/// envelope replaces the template's own call syntax.
/// </summary>
[Collection(ToolNodeCollection.Name)]
public sealed class ToolsWithReplyFormatTests(ToolNodeFixture fixture)
{
    // Bounded (an enum, a bounded integer), so the random model's envelope always ends within max_tokens.
    private const string ReplySchema = """{"type":"object","properties":{"verdict":{"type":"string","enum":["yes","no","maybe"]},"score":{"type":"integer","minimum":0,"maximum":10}},"required":["verdict","score"],"additionalProperties":false}""";

    private static readonly JsonSchema ReplyValidator = JsonSchema.FromText(ReplySchema);

    [Fact]
    public async Task Forty_auto_replies_with_tools_and_a_json_schema_are_valid_calls_or_valid_content()
    {
        var host = await fixture.HermesAsync();
        var validators = ToolSchemas.All.ToDictionary(s => s.Name, s => JsonSchema.FromText(s.Schema));
        var failures = new List<string>();
        int calls = 0, answers = 0;
        using var gate = new SemaphoreSlim(4);
        await Task.WhenAll(Enumerable.Range(0, 40).Select(async i =>
        {
            await gate.WaitAsync();
            try
            {
                var first = ToolSchemas.All[i % ToolSchemas.All.Length];
                var second = ToolSchemas.All[(i + 1) % ToolSchemas.All.Length];
                var (response, json) = await Sse.PostJsonAsync(host.Http, "/v1/chat/completions", Request(host.Model, first, second, i, stream: false));
                var (kind, problem) = Check(json, response.IsSuccessStatusCode, validators, first.Name, second.Name);
                lock (failures)
                {
                    if (problem is not null)
                    {
                        failures.Add($"#{i}: {problem}");
                    }
                    else if (kind == "calls")
                    {
                        calls++;
                    }
                    else
                    {
                        answers++;
                    }
                }
            }
            finally
            {
                gate.Release();
            }
        }));
        TestContext.Current.TestOutputHelper?.WriteLine($"40 auto replies with tools and a json_schema: {calls} calls, {answers} answers");
        Assert.True(failures.Count == 0, $"{calls} calls, {answers} answers valid; failures:\n{string.Join('\n', failures.Take(10))}");
    }

    [Fact]
    public async Task Streamed_replies_carry_the_same_calls_or_content_as_whole_ones()
    {
        var host = await fixture.HermesAsync();
        var validators = ToolSchemas.All.ToDictionary(s => s.Name, s => JsonSchema.FromText(s.Schema));
        for (var i = 0; i < 8; i++)
        {
            var first = ToolSchemas.All[i];
            var second = ToolSchemas.All[i + 1];
            var stream = await Sse.PostStreamAsync(host.Http, "/v1/chat/completions", Request(host.Model, first, second, i, stream: true));
            Assert.Equal(HttpStatusCode.OK, stream.Status);
            Assert.True(stream.Done);
            var deltas = stream.Events.Select(e => e.GetProperty("choices")).Where(c => c.GetArrayLength() > 0).Select(c => c[0]).ToList();
            var content = string.Concat(deltas.Select(d => d.GetProperty("delta")).Where(d => d.TryGetProperty("content", out var c) && c.ValueKind == JsonValueKind.String)
                .Select(d => d.GetProperty("content").GetString()));
            var callDeltas = deltas.Select(d => d.GetProperty("delta")).Where(d => d.TryGetProperty("tool_calls", out _)).SelectMany(d => d.GetProperty("tool_calls").EnumerateArray()).ToList();
            var finish = deltas[^1].GetProperty("finish_reason").GetString();
            if (finish == "tool_calls")
            {
                Assert.Equal("", content);
                // OpenAI's delta shape: the first delta of each call has its id, type and name.
                foreach (var call in callDeltas.GroupBy(c => c.GetProperty("index").GetInt32()))
                {
                    var head = call.First();
                    Assert.StartsWith("call_", head.GetProperty("id").GetString(), StringComparison.Ordinal);
                    Assert.Equal("function", head.GetProperty("type").GetString());
                    var name = head.GetProperty("function").GetProperty("name").GetString()!;
                    Assert.Contains(name, new[] { first.Name, second.Name });
                    var arguments = string.Concat(call.Select(c => c.GetProperty("function").TryGetProperty("arguments", out var a) ? a.GetString() : ""));
                    using var parsed = JsonDocument.Parse(arguments);
                    Assert.True(validators[name].Evaluate(parsed.RootElement).IsValid, $"arguments of {name}: {arguments}");
                }
            }
            else
            {
                Assert.Equal("stop", finish);
                Assert.Empty(callDeltas);
                using var parsed = JsonDocument.Parse(content);
                Assert.True(ReplyValidator.Evaluate(parsed.RootElement).IsValid, $"content: {content}");
            }
        }
    }

    [Fact]
    public void The_prompt_describes_the_envelope_with_the_reply_schema_instead_of_the_templates_tool_prompt()
    {
        var template = Synapse.Node.Prompting.ResolvedChatTemplate.Create(ToolNodeFixture.HermesTemplate, null, Synapse.Node.Prompting.ChatTemplateOrigin.File, null, null);
        Assert.Equal(ToolCallFormat.Hermes, template.ToolFormat);
        var request = System.Text.Json.JsonSerializer.Deserialize(Request("m", ToolSchemas.All[0], ToolSchemas.All[1], 0, stream: false),
            Synapse.OpenAI.Serialization.OpenAIJson.TypeInfo<Synapse.OpenAI.Chat.ChatCompletionRequest>())!;
        var prompt = template.Render(request);
        Assert.DoesNotContain("<tools>", prompt, StringComparison.Ordinal);
        Assert.Contains("{\"tool_calls\": [", prompt, StringComparison.Ordinal);
        Assert.Contains("\"enum\":[\"yes\",\"no\",\"maybe\"]", prompt, StringComparison.Ordinal);

        // Without the reply format the template's own tool prompt is used.
        request.ResponseFormat = null;
        Assert.Contains("<tools>", template.Render(request), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Tool_choice_none_with_a_json_schema_gives_schema_valid_content()
    {
        var host = await fixture.HermesAsync();
        for (var i = 0; i < 5; i++)
        {
            var body = $$"""
                {"model": "{{host.Model}}", "messages": [{"role": "user", "content": "Judge."}],
                 "tools": [{{Tool(ToolSchemas.All[0])}}], "tool_choice": "none", "seed": {{i}}, "max_tokens": 400,
                 "response_format": {"type": "json_schema", "json_schema": {"name": "verdict", "strict": true, "schema": {{ReplySchema}} } } }
                """;
            var (response, json) = await Sse.PostJsonAsync(host.Http, "/v1/chat/completions", body);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var message = json.GetProperty("choices")[0].GetProperty("message");
            Assert.False(message.TryGetProperty("tool_calls", out var calls) && calls.ValueKind == JsonValueKind.Array && calls.GetArrayLength() > 0);
            using var parsed = JsonDocument.Parse(message.GetProperty("content").GetString()!);
            Assert.True(ReplyValidator.Evaluate(parsed.RootElement).IsValid, message.GetRawText());
        }
    }

    [Fact]
    public async Task A_raw_grammar_with_tools_is_a_400_saying_why()
    {
        var host = await fixture.HermesAsync();
        var body = $$"""
            {"model": "{{host.Model}}", "messages": [{"role": "user", "content": "hi"}], "tools": [{{Tool(ToolSchemas.All[0])}}], "grammar": "root ::= \"a\""}
            """;
        var (response, json) = await Sse.PostJsonAsync(host.Http, "/v1/chat/completions", body);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("grammar", json.GetProperty("error").GetProperty("param").GetString());
        Assert.Contains("tool calls", json.GetProperty("error").GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Responses_with_tools_and_text_format_answer_valid_calls_or_valid_text()
    {
        var host = await fixture.HermesAsync();
        var validators = ToolSchemas.All.ToDictionary(s => s.Name, s => JsonSchema.FromText(s.Schema));
        for (var i = 0; i < 10; i++)
        {
            var tool = ToolSchemas.All[i];
            var body = $$"""
                {"model": "{{host.Model}}", "input": "Judge.", "store": false, "max_output_tokens": 1000, "seed": {{i}}, "parallel_tool_calls": false,
                 "tools": [{"type": "function", "name": "{{tool.Name}}", "description": "Test tool.", "parameters": {{tool.Schema}} }],
                 "text": {"format": {"type": "json_schema", "name": "verdict", "strict": true, "schema": {{ReplySchema}} } } }
                """;
            var (response, json) = await Sse.PostJsonAsync(host.Http, "/v1/responses", body);
            Assert.True(response.StatusCode == HttpStatusCode.OK, json.GetRawText());
            Assert.Equal("completed", json.GetProperty("status").GetString());
            var output = json.GetProperty("output").EnumerateArray().ToList();
            var call = output.FirstOrDefault(o => o.GetProperty("type").GetString() == "function_call");
            if (call.ValueKind == JsonValueKind.Object)
            {
                Assert.Equal(tool.Name, call.GetProperty("name").GetString());
                using var arguments = JsonDocument.Parse(call.GetProperty("arguments").GetString()!);
                Assert.True(validators[tool.Name].Evaluate(arguments.RootElement).IsValid, call.GetRawText());
            }
            else
            {
                var message = Assert.Single(output, o => o.GetProperty("type").GetString() == "message");
                using var text = JsonDocument.Parse(message.GetProperty("content")[0].GetProperty("text").GetString()!);
                Assert.True(ReplyValidator.Evaluate(text.RootElement).IsValid, message.GetRawText());
            }
        }
    }

    private static string Request(string model, (string Name, string Schema) first, (string Name, string Schema) second, int seed, bool stream) => $$"""
        {"model": "{{model}}", "messages": [{"role": "user", "content": "Call a tool or judge."}],
         "tools": [{{Tool(first)}}, {{Tool(second)}}], "tool_choice": "auto", "parallel_tool_calls": false,
         "seed": {{seed}}, "max_tokens": 1000, "stream": {{(stream ? "true" : "false")}},
         "response_format": {"type": "json_schema", "json_schema": {"name": "verdict", "strict": true, "schema": {{ReplySchema}} } } }
        """;

    private static string Tool((string Name, string Schema) tool) =>
        $$$"""{"type": "function", "function": {"name": "{{{tool.Name}}}", "description": "Test tool {{{tool.Name}}}.", "parameters": {{{tool.Schema}}} } }""";

    private static (string Kind, string? Problem) Check(JsonElement json, bool ok, Dictionary<string, JsonSchema> validators, params string[] offered)
    {
        if (!ok)
        {
            return ("", "HTTP error " + json.GetRawText());
        }

        var choice = json.GetProperty("choices")[0];
        var message = choice.GetProperty("message");
        var finish = choice.GetProperty("finish_reason").GetString();
        if (finish == "tool_calls")
        {
            if (message.GetProperty("content").ValueKind != JsonValueKind.Null)
            {
                return ("", "content beside calls: " + message.GetRawText());
            }

            foreach (var call in message.GetProperty("tool_calls").EnumerateArray())
            {
                var name = call.GetProperty("function").GetProperty("name").GetString()!;
                if (!offered.Contains(name))
                {
                    return ("", "called an unknown function " + name);
                }

                using var arguments = JsonDocument.Parse(call.GetProperty("function").GetProperty("arguments").GetString()!);
                if (!validators[name].Evaluate(arguments.RootElement).IsValid)
                {
                    return ("", $"arguments of {name} invalid: {arguments.RootElement.GetRawText()}");
                }
            }

            return ("calls", null);
        }

        if (finish != "stop")
        {
            return ("", "finish_reason " + finish + ": " + choice.GetRawText());
        }

        if (message.TryGetProperty("tool_calls", out var stray) && stray.ValueKind == JsonValueKind.Array)
        {
            return ("", "calls with finish_reason stop: " + message.GetRawText());
        }

        var content = message.GetProperty("content").GetString()!;
        try
        {
            using var reply = JsonDocument.Parse(content);
            return ReplyValidator.Evaluate(reply.RootElement).IsValid ? ("answer", null) : ("", "content invalid: " + content);
        }
        catch (JsonException)
        {
            return ("", "content is not JSON: " + content);
        }
    }
}
