using System.Text;
using System.Text.Json;
using Synapse.Node.Tests.Infrastructure;
using Synapse.Testing;

namespace Synapse.Node.Tests.Tools;

/// <summary>
/// Real Mistral Small 3.2 and Llama 3.1 templates over a model whose vocabulary has <c>[TOOL_CALLS]</c>,
/// <c>[ARGS]</c> and <c>&lt;|python_tag|&gt;</c> as CONTROL tokens, as the real models' have: generated text
/// renders control tokens as nothing, so without preserving them a call written with them is never recognised. A
/// logit bias of +100 on the markers makes the random-weight model write them as the control tokens wherever it
/// may: with <c>required</c> the grammar allows them at the call's start, with <c>auto</c> the marker must fire the
/// lazy grammar. Either way the answer carries the call and no marker reaches the content.
/// </summary>
public sealed class ControlTokenMarkerTests(ControlTokenMarkerTests.Nodes nodes) : IClassFixture<ControlTokenMarkerTests.Nodes>
{
    private const string Tool = """
        {"type": "function", "function": {"name": "get_weather", "description": "The weather in a city.",
         "parameters": {"type": "object", "properties": {"city": {"type": "string", "maxLength": 12}}, "required": ["city"], "additionalProperties": false}}}
        """;

    public static TheoryData<string, string, string[]> Cases() => new()
    {
        { "Mistral-Small-3.2-24B-Instruct-2506.jinja", "required", ["[TOOL_CALLS]", "[ARGS]"] },
        { "Mistral-Small-3.2-24B-Instruct-2506.jinja", "auto", ["[TOOL_CALLS]", "[ARGS]"] },
        { "meta-llama-Llama-3.1-8B-Instruct.jinja", "required", ["<|python_tag|>"] },
        { "meta-llama-Llama-3.1-8B-Instruct.jinja", "auto", ["<|python_tag|>"] },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task A_call_written_with_control_token_markers_is_recognised(string template, string choice, string[] markers)
    {
        var host = await nodes.GetAsync(template);
        var bias = string.Join(", ", markers.Select(m => $"\"{Synapse.Testing.TestModels.ToolMarkerId(m)}\": 100"));
        var body = $$"""
            {"model": "{{host.Model}}", "messages": [{"role": "user", "content": "Weather in Paris?"}],
             "tools": [{{Tool}}], "tool_choice": "{{choice}}", "parallel_tool_calls": false,
             "logit_bias": {{{bias}}}, "seed": 5, "max_tokens": 200}
            """;

        var (response, json) = await Sse.PostJsonAsync(host.Http, "/v1/chat/completions", body);
        Assert.True(response.IsSuccessStatusCode, json.GetRawText());
        var choiceJson = json.GetProperty("choices")[0];
        Assert.Equal("tool_calls", choiceJson.GetProperty("finish_reason").GetString());
        var message = choiceJson.GetProperty("message");
        Assert.Equal(JsonValueKind.Null, message.GetProperty("content").ValueKind);
        var call = Assert.Single(message.GetProperty("tool_calls").EnumerateArray());
        Assert.Equal("get_weather", call.GetProperty("function").GetProperty("name").GetString());
        var arguments = call.GetProperty("function").GetProperty("arguments").GetString()!;
        using (var parsed = JsonDocument.Parse(arguments))
        {
            Assert.Equal(JsonValueKind.String, parsed.RootElement.GetProperty("city").ValueKind);
        }

        // Streamed: the same call, and not a character of any marker in the content.
        var stream = await Sse.PostStreamAsync(host.Http, "/v1/chat/completions", body.Replace("\"seed\"", "\"stream\": true, \"seed\"", StringComparison.Ordinal));
        var content = new StringBuilder();
        var streamedArguments = new StringBuilder();
        string? name = null;
        foreach (var chunk in stream.Events)
        {
            var delta = chunk.GetProperty("choices")[0].GetProperty("delta");
            if (delta.TryGetProperty("content", out var text) && text.ValueKind == JsonValueKind.String)
            {
                content.Append(text.GetString());
            }

            if (delta.TryGetProperty("tool_calls", out var calls) && calls.ValueKind == JsonValueKind.Array)
            {
                foreach (var streamed in calls.EnumerateArray())
                {
                    var function = streamed.GetProperty("function");
                    if (function.TryGetProperty("name", out var n) && n.ValueKind == JsonValueKind.String)
                    {
                        name = n.GetString();
                    }

                    if (function.TryGetProperty("arguments", out var a) && a.ValueKind == JsonValueKind.String)
                    {
                        streamedArguments.Append(a.GetString());
                    }
                }
            }
        }

        Assert.Equal("get_weather", name);
        Assert.Equal(arguments, streamedArguments.ToString());
        Assert.Equal("", content.ToString());
    }

    /// <summary>One node per template, all over the markers model, started on first use.</summary>
    public sealed class Nodes : IAsyncDisposable
    {
        private readonly SemaphoreSlim _gate = new(1, 1);
        private readonly Dictionary<string, NodeHost> _hosts = [];

        public async Task<NodeHost> GetAsync(string template)
        {
            var path = Fixtures.Require(Path.Combine("chat-templates", template));
            await _gate.WaitAsync();
            try
            {
                if (!_hosts.TryGetValue(template, out var host))
                {
                    host = _hosts[template] = await NodeHost.StartAsync(Synapse.Testing.TestModels.TinyToolMarkersModelPath,
                        ["--parallel", "2", "--ctx-size", "2048", "--threads", "2", "--chat-template", path]);
                }

                return host;
            }
            finally
            {
                _gate.Release();
            }
        }

        public async ValueTask DisposeAsync()
        {
            foreach (var host in _hosts.Values)
            {
                await host.DisposeAsync();
            }

            _gate.Dispose();
        }
    }
}
