using System.Net;
using System.Text.Json;
using Synapse.Node.Tests.Infrastructure;

namespace Synapse.Node.Tests.StructuredOutput;

/// <summary>logprobs in OpenAI's shapes (chat, streamed chat, legacy with echo as lm-evaluation-harness sends it), and the new fields' 400s.</summary>
[Collection(RealNodeCollection.Name)]
public sealed class LogprobsApiTests(RealNodeFixture fixture)
{
    [Fact]
    public async Task Chat_logprobs_cover_every_token_streamed_or_not()
    {
        var host = await fixture.GetAsync();
        var request = new { messages = new[] { new { role = "user", content = "Count." } }, max_tokens = 8, ignore_eos = true, temperature = 0, logprobs = true, top_logprobs = 3 };
        var (response, body) = await Sse.PostJsonAsync(host.Http, "/v1/chat/completions", Sse.Json(request));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        OpenApiShapes.AssertValid(body, "CreateChatCompletionResponse");
        var content = body.GetProperty("choices")[0].GetProperty("logprobs").GetProperty("content").EnumerateArray().ToList();
        Assert.Equal(8, content.Count);
        foreach (var token in content)
        {
            var top = token.GetProperty("top_logprobs").EnumerateArray().ToList();
            Assert.Equal(3, top.Count);
            Assert.True(top.Sum(t => Math.Exp(t.GetProperty("logprob").GetDouble())) <= 1 + 1e-6);
            // Greedy: the chosen token is the most likely one.
            Assert.Equal(top[0].GetProperty("logprob").GetDouble(), token.GetProperty("logprob").GetDouble());
            Assert.Equal(top[0].GetProperty("token").GetString(), token.GetProperty("token").GetString());
            Assert.Equal(JsonValueKind.Array, token.GetProperty("bytes").ValueKind);
        }

        var stream = await Sse.PostStreamAsync(host.Http, "/v1/chat/completions", Sse.Json(new
        {
            request.messages, request.max_tokens, request.ignore_eos, request.temperature, request.logprobs, request.top_logprobs, stream = true,
        }));
        var streamed = stream.Events
            .Select(e => e.GetProperty("choices")[0].GetProperty("logprobs"))
            .Where(l => l.ValueKind == JsonValueKind.Object)
            .SelectMany(l => l.GetProperty("content").EnumerateArray())
            .Select(t => t.GetProperty("token").GetString())
            .ToList();
        Assert.Equal(content.Select(t => t.GetProperty("token").GetString()), streamed);
        foreach (var entry in stream.Events
            .Select(e => e.GetProperty("choices")[0].GetProperty("logprobs"))
            .Where(l => l.ValueKind == JsonValueKind.Object)
            .SelectMany(l => l.GetProperty("content").EnumerateArray()))
        {
            OpenApiShapes.AssertValid(entry, "ChatCompletionTokenLogprob");
        }
    }

    [Fact]
    public async Task Echoed_prompt_logprobs_give_one_entry_per_prompt_token_as_lm_eval_asks()
    {
        var host = await fixture.GetAsync();
        var tokens = new[] { 300, 301, 302, 303, 304, 305 };
        var (response, body) = await Sse.PostJsonAsync(host.Http, "/v1/completions", Sse.Json(new { prompt = tokens, max_tokens = 0, echo = true, logprobs = 1, temperature = 0 }));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var choice = body.GetProperty("choices")[0];
        var logprobs = choice.GetProperty("logprobs");
        Assert.Equal(tokens.Length, logprobs.GetProperty("tokens").GetArrayLength());
        Assert.Equal(tokens.Length, logprobs.GetProperty("token_logprobs").GetArrayLength());
        Assert.Equal(JsonValueKind.Null, logprobs.GetProperty("token_logprobs")[0].ValueKind);
        Assert.Equal(JsonValueKind.Null, logprobs.GetProperty("top_logprobs")[0].ValueKind);
        for (var i = 1; i < tokens.Length; i++)
        {
            Assert.True(logprobs.GetProperty("token_logprobs")[i].GetDouble() <= 0);
            Assert.Single(logprobs.GetProperty("top_logprobs")[i].EnumerateObject());
        }

        var offsets = logprobs.GetProperty("text_offset").EnumerateArray().Select(o => o.GetInt32()).ToList();
        Assert.Equal(0, offsets[0]);
        Assert.True(offsets.Zip(offsets.Skip(1)).All(p => p.First <= p.Second));
        Assert.Equal(0, body.GetProperty("usage").GetProperty("completion_tokens").GetInt32());

        // With generation too: the prompt's entries, then one per generated token.
        var (_, both) = await Sse.PostJsonAsync(host.Http, "/v1/completions", Sse.Json(new { prompt = tokens, max_tokens = 3, ignore_eos = true, echo = true, logprobs = 2, temperature = 0 }));
        Assert.Equal(tokens.Length + 3, both.GetProperty("choices")[0].GetProperty("logprobs").GetProperty("tokens").GetArrayLength());

        // OpenAPI's schema has no null entries (the first echoed token's null is what OpenAI, vLLM and lm-eval use):
        // without echo the answer is checked against it.
        var (_, generated) = await Sse.PostJsonAsync(host.Http, "/v1/completions", Sse.Json(new { prompt = tokens, max_tokens = 3, ignore_eos = true, logprobs = 2, temperature = 0 }));
        OpenApiShapes.AssertValid(generated, "CreateCompletionResponse");
        Assert.Equal(3, generated.GetProperty("choices")[0].GetProperty("logprobs").GetProperty("tokens").GetArrayLength());
    }

    [Theory]
    [InlineData(0)]
    [InlineData(4)]
    public async Task Streamed_echo_sends_the_prompt_and_its_logprobs_first_then_the_same_entries_as_a_whole_answer(int maxTokens)
    {
        var host = await fixture.GetAsync();
        var tokens = new[] { 300, 301, 302, 303, 304, 305 };
        var (_, whole) = await Sse.PostJsonAsync(host.Http, "/v1/completions", Sse.Json(new { prompt = tokens, max_tokens = maxTokens, ignore_eos = true, echo = true, logprobs = 2, temperature = 0 }));
        var stream = await Sse.PostStreamAsync(host.Http, "/v1/completions", Sse.Json(new { prompt = tokens, max_tokens = maxTokens, ignore_eos = true, echo = true, logprobs = 2, temperature = 0, stream = true }));
        Assert.Equal(HttpStatusCode.OK, stream.Status);
        Assert.True(stream.Done);

        // vLLM's order: the echoed prompt with one entry per prompt token, then the generated chunks.
        var choices = stream.Events.Select(e => e.GetProperty("choices")[0]).ToList();
        var first = choices[0];
        var wholeChoice = whole.GetProperty("choices")[0];
        Assert.Equal(wholeChoice.GetProperty("text").GetString()![..first.GetProperty("text").GetString()!.Length], first.GetProperty("text").GetString());
        Assert.Equal(tokens.Length, first.GetProperty("logprobs").GetProperty("tokens").GetArrayLength());
        Assert.Equal(JsonValueKind.Null, first.GetProperty("logprobs").GetProperty("token_logprobs")[0].ValueKind);

        // Together the chunks carry exactly the whole answer's text and logprobs (offsets included).
        var expected = wholeChoice.GetProperty("logprobs");
        var parts = choices.Select(c => c.GetProperty("logprobs")).Where(l => l.ValueKind == JsonValueKind.Object).ToList();
        foreach (var field in new[] { "tokens", "token_logprobs", "top_logprobs", "text_offset" })
        {
            Assert.Equal(expected.GetProperty(field).EnumerateArray().Select(e => e.GetRawText()), parts.SelectMany(p => p.GetProperty(field).EnumerateArray()).Select(e => e.GetRawText()));
        }

        Assert.Equal(wholeChoice.GetProperty("text").GetString(), string.Concat(choices.Select(c => c.GetProperty("text").GetString())));
        Assert.Equal(tokens.Length + maxTokens, parts.Sum(p => p.GetProperty("tokens").GetArrayLength()));
        Assert.Equal("length", choices[^1].GetProperty("finish_reason").GetString());

        // Every chunk is a CreateCompletionResponse. The document allows no nulls where OpenAI's own streams (and
        // vLLM, and lm-eval) have them: the finish_reason of chunks before the last, and the echoed first token's
        // entries; those are left out of the check (the finish_reason as the last chunk's).
        foreach (var chunk in stream.Events)
        {
            OpenApiShapes.AssertValid(WithoutNullEntries(chunk, "length"), "CreateCompletionResponse");
        }
    }

    private static JsonElement WithoutNullEntries(JsonElement chunk, string finishReason)
    {
        var node = System.Text.Json.Nodes.JsonNode.Parse(chunk.GetRawText())!;
        node["choices"]![0]!["finish_reason"] ??= finishReason;
        if (node["choices"]![0]!["logprobs"] is System.Text.Json.Nodes.JsonObject logprobs && logprobs["token_logprobs"]!.AsArray() is { Count: > 0 } values && values[0] is null)
        {
            foreach (var field in new[] { "tokens", "token_logprobs", "top_logprobs", "text_offset" })
            {
                logprobs[field]!.AsArray().RemoveAt(0);
            }
        }

        return JsonSerializer.SerializeToElement(node);
    }

    [Theory]
    [InlineData("""{"messages":[{"role":"user","content":"hi"}],"response_format":{"type":"json_schema","json_schema":{"name":"x","schema":{"type":"object","not":{"type":"null"}}}}}""", "response_format.json_schema.schema", "'not'")]
    [InlineData("""{"messages":[{"role":"user","content":"hi"}],"response_format":{"type":"json_schema","json_schema":{"schema":{"type":"object"}}}}""", "response_format.json_schema.name", null)]
    [InlineData("""{"messages":[{"role":"user","content":"hi"}],"grammar":"root ::= undefined"}""", "grammar", null)]
    [InlineData("""{"messages":[{"role":"user","content":"hi"}],"grammar":"root ::= \"a\"","response_format":{"type":"json_object"}}""", "grammar", null)]
    [InlineData("""{"messages":[{"role":"user","content":"hi"}],"logit_bias":{"99999999":5}}""", "logit_bias", null)]
    [InlineData("""{"messages":[{"role":"user","content":"hi"}],"logprobs":true,"top_logprobs":21}""", "top_logprobs", null)]
    [InlineData("""{"prompt":"hi","response_format":{"type":"json_schema","json_schema":{"name":"x","schema":{"$ref":"https://example.com/s.json"}}}}""", "response_format.json_schema.schema", "'$ref'")]
    public async Task Bad_structured_output_and_logprobs_fields_are_400s_naming_the_param(string json, string param, string? mentions)
    {
        var host = await fixture.GetAsync();
        var path = json.Contains("\"prompt\"", StringComparison.Ordinal) ? "/v1/completions" : "/v1/chat/completions";
        var (response, body) = await Sse.PostJsonAsync(host.Http, path, json);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(param, body.GetProperty("error").GetProperty("param").GetString());
        if (mentions is not null)
        {
            Assert.Contains(mentions, body.GetProperty("error").GetProperty("message").GetString(), StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("""{"name":"x"}""", false)]
    [InlineData("""{"name":"x","schema":null}""", false)]
    [InlineData("""{"name":"x","schema":null}""", true)]
    public async Task A_json_schema_format_without_a_schema_answers_as_json_object(string definition, bool tools)
    {
        // The validator lets "schema" be absent or null: both mean any object, as json_object does, beside tools too
        // (where the answer is a call or that object). Same seed, same grammar: the same answer.
        var host = await fixture.GetAsync();
        var toolsJson = tools ? ""","tools":[{"type":"function","function":{"name":"f","parameters":{"type":"object"}}}]""" : "";
        async Task<JsonElement> Answer(string format)
        {
            var (response, body) = await Sse.PostJsonAsync(host.Http, "/v1/chat/completions",
                $$"""{"messages":[{"role":"user","content":"JSON?"}],"max_tokens":120,"seed":3,"response_format":{{format}}{{toolsJson}}}""");
            Assert.True(response.StatusCode == HttpStatusCode.OK, body.ToString());
            var choice = body.GetProperty("choices")[0];
            var message = choice.GetProperty("message");
            return JsonSerializer.SerializeToElement(new
            {
                finish = choice.GetProperty("finish_reason").GetString(),
                content = message.GetProperty("content").GetString(),
                calls = message.TryGetProperty("tool_calls", out var calls) ? calls.EnumerateArray().Select(c => c.GetProperty("function").ToString()).ToArray() : [],
            });
        }

        var schemaless = await Answer($$"""{"type":"json_schema","json_schema":{{definition}}}""");
        var anyObject = await Answer("""{"type":"json_object"}""");
        Assert.Equal(anyObject.ToString(), schemaless.ToString());
        var content = schemaless.GetProperty("content").GetString();
        Assert.True(content is null || content.TrimStart().StartsWith('{'), content);
    }

    [Fact]
    public async Task A_raw_grammar_and_json_object_constrain_the_reply()
    {
        var host = await fixture.GetAsync();
        var (_, body) = await Sse.PostJsonAsync(host.Http, "/v1/chat/completions", Sse.Json(new
        {
            messages = new[] { new { role = "user", content = "yes or no?" } }, max_tokens = 20, grammar = "root ::= (\"yes\" | \"no\") \"!\"",
        }));
        Assert.Contains(body.GetProperty("choices")[0].GetProperty("message").GetProperty("content").GetString(), new[] { "yes!", "no!" });

        var (_, completion) = await Sse.PostJsonAsync(host.Http, "/v1/completions", Sse.Json(new
        {
            prompt = "JSON:", max_tokens = 200, seed = 4,
            response_format = new { type = "json_schema", json_schema = new { name = "flag", schema = new { type = "object", properties = new { ok = new { type = "boolean" } }, required = new[] { "ok" }, additionalProperties = false } } },
        }));
        using var reply = JsonDocument.Parse(completion.GetProperty("choices")[0].GetProperty("text").GetString()!);
        Assert.Equal(JsonValueKind.Object, reply.RootElement.ValueKind);
        Assert.True(reply.RootElement.GetProperty("ok").ValueKind is JsonValueKind.True or JsonValueKind.False);
    }
}
