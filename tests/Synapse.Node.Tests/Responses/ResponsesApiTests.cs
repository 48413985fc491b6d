using System.Net;
using System.Text.Json;
using Synapse.Node.Tests.Infrastructure;
using Synapse.Node.Tests.StructuredOutput;

namespace Synapse.Node.Tests.Responses;

/// <summary>
/// <c>/v1/responses</c> over raw HTTP against a real node (tiny random-weight model): every answer and every streaming
/// event validated against OpenAI's OpenAPI schemas, storage through GET/DELETE/input_items, continuation with
/// <c>previous_response_id</c>, and the 400s and 404s of what cannot be honoured. Calls are made valid by the grammar
/// (<c>tool_choice: required</c>), never by the random weights.
/// </summary>
[Collection(ResponsesNodeCollection.Name)]
public sealed class ResponsesApiTests(ResponsesNodeFixture fixture)
{
    private const string Forecast = """{"type":"function","name":"get_forecast","description":"The weather forecast.","parameters":{"type":"object","properties":{"days":{"type":"integer","minimum":1,"maximum":7},"unit":{"type":"string","enum":["celsius","fahrenheit"]}},"required":["days","unit"],"additionalProperties":false}}""";

    [Fact]
    public async Task Text_answer_is_an_OpenAI_response_and_is_stored()
    {
        var host = await fixture.NodeAsync();
        var (response, body) = await Sse.PostJsonAsync(host.Http, "/v1/responses",
            """{"input":"Hello there","instructions":"Be brief.","max_output_tokens":8,"temperature":0.5,"metadata":{"k":"v"}}""");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        OpenApiShapes.AssertValid(body, "Response");
        var id = body.GetProperty("id").GetString()!;
        Assert.Matches("^resp_[0-9a-f]{48}$", id);
        Assert.Equal("response", body.GetProperty("object").GetString());
        Assert.Equal(host.Model, body.GetProperty("model").GetString());
        Assert.Equal("Be brief.", body.GetProperty("instructions").GetString());
        Assert.Equal(8, body.GetProperty("max_output_tokens").GetInt32());
        Assert.Equal(0.5, body.GetProperty("temperature").GetDouble());
        Assert.Equal("v", body.GetProperty("metadata").GetProperty("k").GetString());
        Assert.True(body.GetProperty("store").GetBoolean());
        Assert.Equal(JsonValueKind.Null, body.GetProperty("error").ValueKind);
        AssertStatusMatchesUsage(body, 8);
        var message = Assert.Single(body.GetProperty("output").EnumerateArray());
        Assert.Equal("message", message.GetProperty("type").GetString());
        Assert.StartsWith("msg_", message.GetProperty("id").GetString(), StringComparison.Ordinal);
        var part = Assert.Single(message.GetProperty("content").EnumerateArray());
        Assert.Equal("output_text", part.GetProperty("type").GetString());
        Assert.Empty(part.GetProperty("annotations").EnumerateArray());

        using (var stored = await host.Http.GetAsync($"/v1/responses/{id}"))
        {
            Assert.Equal(HttpStatusCode.OK, stored.StatusCode);
            Assert.Equal(body.GetRawText(), await stored.Content.ReadAsStringAsync());
        }

        var items = await GetJsonAsync(host, $"/v1/responses/{id}/input_items");
        OpenApiShapes.AssertValid(items, "ResponseItemList");
        var input = Assert.Single(items.GetProperty("data").EnumerateArray());
        Assert.Equal("user", input.GetProperty("role").GetString());
        Assert.Equal("Hello there", input.GetProperty("content")[0].GetProperty("text").GetString());
        Assert.Equal("input_text", input.GetProperty("content")[0].GetProperty("type").GetString());

        using (var deleted = await host.Http.DeleteAsync($"/v1/responses/{id}"))
        {
            Assert.Equal(HttpStatusCode.OK, deleted.StatusCode);
            var answer = JsonDocument.Parse(await deleted.Content.ReadAsStringAsync()).RootElement;
            Assert.Equal(id, answer.GetProperty("id").GetString());
            Assert.Equal("response", answer.GetProperty("object").GetString());
            Assert.True(answer.GetProperty("deleted").GetBoolean());
        }

        foreach (var path in new[] { $"/v1/responses/{id}", $"/v1/responses/{id}/input_items" })
        {
            using var gone = await host.Http.GetAsync(path);
            Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
            Sse.AssertEnvelope(JsonDocument.Parse(await gone.Content.ReadAsStringAsync()).RootElement, "response_not_found");
        }

        using var again = await host.Http.DeleteAsync($"/v1/responses/{id}");
        Assert.Equal(HttpStatusCode.NotFound, again.StatusCode);
    }

    [Fact]
    public async Task The_balancers_route_tag_goes_into_the_id_and_an_invalid_one_is_ignored()
    {
        var host = await fixture.NodeAsync();
        foreach (var (tag, pattern) in new[] { ("node7", "^resp_node7_[0-9a-f]{32}$"), ("Bad_Tag!", "^resp_[0-9a-f]{48}$") })
        {
            using var request = Sse.Post("/v1/responses", """{"input":"hi","max_output_tokens":2}""");
            request.Headers.Add("X-Synapse-Route-Tag", tag);
            using var response = await host.Http.SendAsync(request);
            var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
            Assert.Matches(pattern, body.GetProperty("id").GetString());
        }
    }

    [Fact]
    public async Task Stream_sends_the_typed_events_in_OpenAIs_order()
    {
        var host = await fixture.NodeAsync();
        var (status, mediaType, events) = await ResponseEvents.PostAsync(host.Http, """{"input":[{"role":"user","content":"Tell me a story"}],"max_output_tokens":12,"stream":true}""");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("text/event-stream", mediaType);
        ResponseEvents.AssertWellFormed(events);
        Assert.Equal("in_progress", events[0].Data.GetProperty("response").GetProperty("status").GetString());
        var types = events.Select(e => e.Type).Where(t => t != "response.output_text.delta").ToList();
        Assert.Equal(
            ["response.created", "response.in_progress", "response.output_item.added", "response.content_part.added", "response.output_text.done",
             "response.content_part.done", "response.output_item.done", events[^1].Type], types);
        var final = ResponseEvents.Final(events);
        var text = string.Concat(events.Where(e => e.Type == "response.output_text.delta").Select(e => e.Data.GetProperty("delta").GetString()));
        Assert.Equal(text, events.Single(e => e.Type == "response.output_text.done").Data.GetProperty("text").GetString());
        Assert.Equal(text, final.GetProperty("output")[0].GetProperty("content")[0].GetProperty("text").GetString());
        AssertStatusMatchesUsage(final, 12);
        Assert.Equal(final.GetProperty("status").GetString() == "incomplete" ? "response.incomplete" : "response.completed", events[^1].Type);

        // What the stream ended with is what was stored.
        var stored = await GetJsonAsync(host, $"/v1/responses/{final.GetProperty("id").GetString()}");
        Assert.Equal(final.GetRawText(), stored.GetRawText());
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Forced_function_call_then_its_output_continue_with_previous_response_id(bool stream)
    {
        var host = await fixture.NodeAsync();
        var first = $$"""{"input":"What is the forecast?","tools":[{{Forecast}}],"tool_choice":"required","parallel_tool_calls":false,"max_output_tokens":400,"stream":{{(stream ? "true" : "false")}}}""";
        var response = stream ? await StreamedAsync(host, first) : await PostAsync(host, first);
        OpenApiShapes.AssertValid(response, "Response");
        Assert.Equal("completed", response.GetProperty("status").GetString());
        var call = Assert.Single(response.GetProperty("output").EnumerateArray());
        Assert.Equal("function_call", call.GetProperty("type").GetString());
        Assert.StartsWith("fc_", call.GetProperty("id").GetString(), StringComparison.Ordinal);
        Assert.StartsWith("call_", call.GetProperty("call_id").GetString(), StringComparison.Ordinal);
        Assert.Equal("get_forecast", call.GetProperty("name").GetString());
        Assert.Equal("completed", call.GetProperty("status").GetString());
        var arguments = JsonDocument.Parse(call.GetProperty("arguments").GetString()!).RootElement;
        Assert.InRange(arguments.GetProperty("days").GetInt32(), 1, 7);
        Assert.Contains(arguments.GetProperty("unit").GetString(), new[] { "celsius", "fahrenheit" });
        Assert.Equal("get_forecast", response.GetProperty("tools")[0].GetProperty("name").GetString());
        Assert.Equal("required", response.GetProperty("tool_choice").GetString());

        var callId = call.GetProperty("call_id").GetString()!;
        var second = $$"""{"previous_response_id":"{{response.GetProperty("id").GetString()}}","input":[{"type":"function_call_output","call_id":"{{callId}}","output":"{\"forecast\":\"sunny and mild\"}"}],"tools":[{{Forecast}}],"max_output_tokens":6,"stream":{{(stream ? "true" : "false")}}}""";
        var answer = stream ? await StreamedAsync(host, second) : await PostAsync(host, second);
        OpenApiShapes.AssertValid(answer, "Response");
        Assert.Equal(response.GetProperty("id").GetString(), answer.GetProperty("previous_response_id").GetString());
        Assert.Equal("message", answer.GetProperty("output")[0].GetProperty("type").GetString());

        // The model saw the whole conversation: the first turn's question, its call and the call's result.
        var prompt = fixture.Prompts.Prompts.Last(p => p.Contains("sunny and mild", StringComparison.Ordinal));
        Assert.Contains("What is the forecast?", prompt, StringComparison.Ordinal);
        Assert.Contains("\"name\": \"get_forecast\"", prompt, StringComparison.Ordinal);
        Assert.Contains("<tool_response>", prompt, StringComparison.Ordinal);
        // The first turn's prompt is the second's prefix: the prefix cache reuses it.
        Assert.True(answer.GetProperty("usage").GetProperty("input_tokens_details").GetProperty("cached_tokens").GetInt32() > 0, answer.GetProperty("usage").GetRawText());
    }

    [Fact]
    public async Task Json_schema_format_makes_the_text_match_the_schema()
    {
        var host = await fixture.NodeAsync();
        var body = await PostAsync(host, """
            {"input":"Weather?","max_output_tokens":400,"text":{"format":{"type":"json_schema","name":"weather","strict":true,
             "schema":{"type":"object","properties":{"city":{"type":"string","enum":["Oslo","Lima"]},"warm":{"type":"boolean"}},"required":["city","warm"],"additionalProperties":false}}}}
            """);
        OpenApiShapes.AssertValid(body, "Response");
        Assert.Equal("json_schema", body.GetProperty("text").GetProperty("format").GetProperty("type").GetString());
        Assert.Equal("weather", body.GetProperty("text").GetProperty("format").GetProperty("name").GetString());
        var reply = JsonDocument.Parse(body.GetProperty("output")[0].GetProperty("content")[0].GetProperty("text").GetString()!).RootElement;
        Assert.Contains(reply.GetProperty("city").GetString(), new[] { "Oslo", "Lima" });
        Assert.True(reply.GetProperty("warm").ValueKind is JsonValueKind.True or JsonValueKind.False);
    }

    [Fact]
    public async Task A_node_with_its_store_off_answers_store_false_and_keeps_nothing()
    {
        await using var host = await NodeHost.StartAsync(TestModel.Path, ["--parallel", "1", "--threads", "2"],
            environment: new Dictionary<string, string?> { ["SYNAPSE_RESPONSES_STORE"] = "false" });
        var body = await PostAsync(host, """{"input":"hi","max_output_tokens":2}""");
        OpenApiShapes.AssertValid(body, "Response");
        Assert.False(body.GetProperty("store").GetBoolean());
        using var get = await host.Http.GetAsync($"/v1/responses/{body.GetProperty("id").GetString()}");
        Assert.Equal(HttpStatusCode.NotFound, get.StatusCode);
    }

    [Fact]
    public async Task Previous_response_that_is_not_stored_is_a_404_never_a_fresh_start()
    {
        var host = await fixture.NodeAsync();
        var (response, body) = await Sse.PostJsonAsync(host.Http, "/v1/responses", """{"input":"hi","previous_response_id":"resp_nope"}""");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Sse.AssertEnvelope(body, "previous_response_not_found", "previous_response_id");
        Assert.Equal("Previous response with id 'resp_nope' not found.", body.GetProperty("error").GetProperty("message").GetString());

        // store: false keeps nothing, so it cannot be continued either.
        var unstored = await PostAsync(host, """{"input":"hi","store":false,"max_output_tokens":2}""");
        Assert.False(unstored.GetProperty("store").GetBoolean());
        var id = unstored.GetProperty("id").GetString();
        (response, body) = await Sse.PostJsonAsync(host.Http, "/v1/responses", $$"""{"input":"hi","previous_response_id":"{{id}}"}""");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        using var get = await host.Http.GetAsync($"/v1/responses/{id}");
        Assert.Equal(HttpStatusCode.NotFound, get.StatusCode);
    }

    [Fact]
    public async Task Input_items_page_in_both_orders()
    {
        var host = await fixture.NodeAsync();
        var body = await PostAsync(host, """{"input":[{"role":"system","content":"s"},{"role":"user","content":[{"type":"input_text","text":"a"}]},{"type":"message","role":"assistant","content":"b"},{"role":"user","content":"c"}],"max_output_tokens":2}""");
        var id = body.GetProperty("id").GetString();
        var all = await GetJsonAsync(host, $"/v1/responses/{id}/input_items?order=asc");
        OpenApiShapes.AssertValid(all, "ResponseItemList");
        var ids = all.GetProperty("data").EnumerateArray().Select(i => i.GetProperty("id").GetString()!).ToList();
        Assert.Equal(4, ids.Count);
        Assert.Equal("output_text", all.GetProperty("data")[2].GetProperty("content")[0].GetProperty("type").GetString());

        var desc = await GetJsonAsync(host, $"/v1/responses/{id}/input_items");
        Assert.Equal(ids.AsEnumerable().Reverse(), desc.GetProperty("data").EnumerateArray().Select(i => i.GetProperty("id").GetString()!));

        var page = await GetJsonAsync(host, $"/v1/responses/{id}/input_items?order=asc&limit=2&after={ids[0]}");
        Assert.Equal(ids[1..3], page.GetProperty("data").EnumerateArray().Select(i => i.GetProperty("id").GetString()!));
        Assert.Equal(ids[1], page.GetProperty("first_id").GetString());
        Assert.Equal(ids[2], page.GetProperty("last_id").GetString());
        Assert.True(page.GetProperty("has_more").GetBoolean());

        using var bad = await host.Http.GetAsync($"/v1/responses/{id}/input_items?limit=0");
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Sse.AssertEnvelope(JsonDocument.Parse(await bad.Content.ReadAsStringAsync()).RootElement, "integer_below_min_value", "limit");
    }

    [Fact]
    public async Task A_thinking_model_answers_with_reasoning_items()
    {
        var host = await fixture.ThinkingNodeAsync();
        // Seeded: unseeded, the random model now and then writes its end token first (seed 543 of 1-600 does), and an
        // empty answer has no reasoning item at all.
        var body = await PostAsync(host, """{"input":"Think about it","max_output_tokens":10,"seed":1}""");
        OpenApiShapes.AssertValid(body, "Response");
        var reasoning = body.GetProperty("output")[0];
        Assert.Equal("reasoning", reasoning.GetProperty("type").GetString());
        Assert.StartsWith("rs_", reasoning.GetProperty("id").GetString(), StringComparison.Ordinal);
        Assert.Equal("reasoning_text", reasoning.GetProperty("content")[0].GetProperty("type").GetString());
        Assert.NotEmpty(reasoning.GetProperty("content")[0].GetProperty("text").GetString()!);
        var usage = body.GetProperty("usage");
        Assert.InRange(usage.GetProperty("output_tokens_details").GetProperty("reasoning_tokens").GetInt32(), 1, usage.GetProperty("output_tokens").GetInt32());

        var (_, _, events) = await ResponseEvents.PostAsync(host.Http, """{"input":"Think about it","max_output_tokens":10,"stream":true,"seed":1}""");
        ResponseEvents.AssertWellFormed(events);
        Assert.Contains(events, e => e.Type == "response.reasoning_text.delta");
        Assert.Equal("reasoning", ResponseEvents.Final(events).GetProperty("output")[0].GetProperty("type").GetString());

        // A reasoning item sent back as input reaches the template as the assistant message's reasoning_content.
        var again = await PostAsync(host, """{"input":[{"role":"user","content":"q"},{"type":"reasoning","id":"rs_1","summary":[],"content":[{"type":"reasoning_text","text":"hmm"}]},{"role":"assistant","content":"a"},{"role":"user","content":"q2"}],"max_output_tokens":2}""");
        OpenApiShapes.AssertValid(again, "Response");
    }

    [Theory]
    [InlineData("""{"input":"hi","tools":[{"type":"web_search"}]}""", "tools[0].type", "unsupported_value")]
    [InlineData("""{"input":"hi","tools":[{"type":"file_search","vector_store_ids":["v"]}]}""", "tools[0].type", "unsupported_value")]
    [InlineData("""{"input":"hi","background":true}""", "background", "unsupported_parameter")]
    [InlineData("""{"input":"hi","conversation":"conv_1"}""", "conversation", "unsupported_parameter")]
    [InlineData("""{"input":"hi","include":["file_search_call.results"]}""", "include[0]", "unsupported_value")]
    [InlineData("""{"input":"hi","reasoning":{"effort":"high"}}""", "reasoning.effort", "unsupported_parameter")]
    [InlineData("""{"input":"hi","truncation":"auto"}""", "truncation", "unsupported_value")]
    [InlineData("""{"input":[{"type":"item_reference","id":"msg_1"}]}""", "input[0].type", "unsupported_value")]
    [InlineData("""{"input":[{"type":"web_search_call","id":"ws_1"}]}""", "input[0].type", "unsupported_value")]
    [InlineData("""{"input":[{"role":"user","content":[{"type":"input_image","image_url":"http://x"}]}]}""", "input[0].content[0].type", "unsupported_value")]
    [InlineData("""{"input":[{"type":"function_call_output","output":"x"}]}""", "input[0].call_id", "missing_required_parameter")]
    [InlineData("""{"input":[{"role":"tool","content":"x"}]}""", "input[0].role", "invalid_value")]
    [InlineData("""{"model":"m"}""", "input", "missing_required_parameter")]
    [InlineData("""{"input":[]}""", "input", "empty_array")]
    [InlineData("""{"input":"hi","tool_choice":"required"}""", "tool_choice", "invalid_value")]
    [InlineData("""{"input":"hi","tool_choice":{"type":"web_search_preview"}}""", "tool_choice.type", "unsupported_value")]
    [InlineData("""{"input":"hi","text":{"format":{"type":"json_schema","name":"x"}}}""", "text.format.schema", "missing_required_parameter")]
    [InlineData("""{"input":"hi","text":{"format":{"type":"xml"}}}""", "text.format.type", "invalid_value")]
    [InlineData("""{"input":"hi","max_output_tokens":0}""", "max_output_tokens", "integer_below_min_value")]
    [InlineData("""{"input":"hi","temperature":3}""", "temperature", "decimal_above_max_value")]
    [InlineData("""{"input":"hi","input_extra":1,"metadata":{"k":7}}""", "metadata.k", "invalid_type")]
    public async Task What_cannot_be_honoured_is_a_400_naming_the_field(string json, string param, string code)
    {
        var host = await fixture.NodeAsync();
        var (response, body) = await Sse.PostJsonAsync(host.Http, "/v1/responses", json);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Sse.AssertEnvelope(body, code, param);
    }

    [Fact]
    public async Task Errors_of_the_chat_path_name_the_Responses_fields()
    {
        var host = await fixture.NodeAsync();
        var (response, body) = await Sse.PostJsonAsync(host.Http, "/v1/responses",
            """{"input":"hi","tools":[""" + Forecast + """],"text":{"format":{"type":"json_schema","name":"x","schema":{"type":"object","not":{"type":"null"}}}}}""");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Sse.AssertEnvelope(body, "unsupported_value", "text.format.schema");

        (response, body) = await Sse.PostJsonAsync(host.Http, "/v1/responses", Sse.Json(new { input = string.Concat(Enumerable.Repeat("word ", 6000)) }));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Sse.AssertEnvelope(body, "context_length_exceeded", "input");
    }

    /// <summary>completed when the model stopped, incomplete (max_output_tokens) when it was cut at <paramref name="max"/>.</summary>
    private static void AssertStatusMatchesUsage(JsonElement body, int max)
    {
        var usage = body.GetProperty("usage");
        var output = usage.GetProperty("output_tokens").GetInt32();
        Assert.Equal(usage.GetProperty("input_tokens").GetInt32() + output, usage.GetProperty("total_tokens").GetInt32());
        Assert.True(usage.GetProperty("input_tokens").GetInt32() > 0);
        if (body.GetProperty("status").GetString() == "incomplete")
        {
            Assert.Equal(max, output);
            Assert.Equal("max_output_tokens", body.GetProperty("incomplete_details").GetProperty("reason").GetString());
            Assert.Equal(JsonValueKind.Null, body.GetProperty("completed_at").ValueKind);
        }
        else
        {
            Assert.Equal("completed", body.GetProperty("status").GetString());
            Assert.InRange(output, 0, max);
            Assert.Equal(JsonValueKind.Null, body.GetProperty("incomplete_details").ValueKind);
        }
    }

    private static async Task<JsonElement> PostAsync(NodeHost host, string json)
    {
        var (response, body) = await Sse.PostJsonAsync(host.Http, "/v1/responses", json);
        Assert.True(response.StatusCode == HttpStatusCode.OK, body.GetRawText());
        return body;
    }

    private static async Task<JsonElement> StreamedAsync(NodeHost host, string json)
    {
        var (status, _, events) = await ResponseEvents.PostAsync(host.Http, json);
        Assert.Equal(HttpStatusCode.OK, status);
        ResponseEvents.AssertWellFormed(events);
        return ResponseEvents.Final(events);
    }

    private static async Task<JsonElement> GetJsonAsync(NodeHost host, string path)
    {
        using var response = await host.Http.GetAsync(path);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, text);
        return JsonDocument.Parse(text).RootElement.Clone();
    }
}
