using System.Net;
using System.Text;
using OpenAI.Chat;
using Synapse.Node.Tests.Infrastructure;

namespace Synapse.Node.Tests.Errors;

/// <summary>Every bad input gets the right status and OpenAI's envelope, and the node keeps serving.</summary>
[Collection(RealNodeCollection.Name)]
public sealed class BadInputTests(RealNodeFixture fixture)
{
    public static TheoryData<string, string, int, string?, string?> Cases => new()
    {
        { "/v1/chat/completions", "{\"messages\": [", 400, null, null },
        { "/v1/chat/completions", "not json at all", 400, null, null },
        { "/v1/chat/completions", "[1, 2]", 400, "invalid_type", null },
        { "/v1/chat/completions", """{"messages": [{"role": "user", "content": "hi"}], "temperature": "hot"}""", 400, "invalid_type", "temperature" },
        { "/v1/chat/completions", """{"messages": "hello"}""", 400, "invalid_type", "messages" },
        { "/v1/chat/completions", """{"messages": [{"role": "user", "content": "hi"}], "max_tokens": "ten"}""", 400, "invalid_type", "max_tokens" },
        { "/v1/chat/completions", """{"messages": [{"role": "user", "content": "hi"}], "stream": "yes"}""", 400, "invalid_type", "stream" },
        { "/v1/chat/completions", """{"model": "x"}""", 400, "missing_required_parameter", "messages" },
        { "/v1/chat/completions", """{"messages": []}""", 400, "empty_array", "messages" },
        { "/v1/chat/completions", """{"messages": [{"role": "wizard", "content": "hi"}]}""", 400, "invalid_value", "messages[0].role" },
        { "/v1/chat/completions", """{"messages": [{"role": "user"}]}""", 400, "missing_required_parameter", "messages[0].content" },
        { "/v1/chat/completions", """{"messages": [{"role": "user", "content": "hi"}], "temperature": 2.5}""", 400, "decimal_above_max_value", "temperature" },
        { "/v1/chat/completions", """{"messages": [{"role": "user", "content": "hi"}], "temperature": -1}""", 400, "decimal_below_min_value", "temperature" },
        { "/v1/chat/completions", """{"messages": [{"role": "user", "content": "hi"}], "top_p": 1.5}""", 400, "decimal_above_max_value", "top_p" },
        { "/v1/chat/completions", """{"messages": [{"role": "user", "content": "hi"}], "max_tokens": 0}""", 400, "integer_below_min_value", "max_tokens" },
        { "/v1/chat/completions", """{"messages": [{"role": "user", "content": "hi"}], "max_tokens": -5}""", 400, "integer_below_min_value", "max_tokens" },
        { "/v1/chat/completions", """{"messages": [{"role": "user", "content": "hi"}], "n": 0}""", 400, "integer_below_min_value", "n" },
        { "/v1/chat/completions", """{"messages": [{"role": "user", "content": "hi"}], "n": 1000}""", 400, "integer_above_max_value", "n" },
        { "/v1/chat/completions", """{"messages": [{"role": "user", "content": "hi"}], "stop": ["a", "b", "c", "d", "e"]}""", 400, "array_above_max_length", "stop" },
        { "/v1/chat/completions", """{"model": "gpt-4o", "messages": [{"role": "user", "content": "hi"}]}""", 404, "model_not_found", null },
        { "/v1/completions", """{"prompt": 42}""", 400, "invalid_type", "prompt" },
        { "/v1/completions", """{"max_tokens": 3}""", 400, "missing_required_parameter", "prompt" },
        { "/v1/completions", """{"prompt": "hi", "temperature": 9}""", 400, "decimal_above_max_value", "temperature" },
        { "/v1/completions", """{"prompt": "hi", "model": "nope"}""", 404, "model_not_found", null },
        // Regressions: values the edge once let through became float Infinity or 0 and failed in the engine (500).
        { "/v1/chat/completions", """{"messages": [{"role": "user", "content": "hi"}], "repetition_penalty": 1e308}""", 400, "decimal_above_max_value", "repetition_penalty" },
        { "/v1/chat/completions", """{"messages": [{"role": "user", "content": "hi"}], "repetition_penalty": 1e-50}""", 400, "decimal_below_min_value", "repetition_penalty" },
        { "/v1/chat/completions", """{"messages": [{"role": "user", "content": "hi"}], "repetition_penalty": 0}""", 400, "decimal_below_min_value", "repetition_penalty" },
        { "/v1/completions", """{"prompt": "hi", "repetition_penalty": 1e308}""", 400, "decimal_above_max_value", "repetition_penalty" },
        { "/v1/chat/completions", """{"messages": [{"role": "user", "content": "hi"}], "min_p": 1.5}""", 400, "decimal_above_max_value", "min_p" },
        { "/v1/chat/completions", """{"messages": [{"role": "user", "content": "hi"}], "top_k": -2}""", 400, "integer_below_min_value", "top_k" },
        { "/v1/chat/completions", """{"messages": [{"role": "user", "content": "hi"}], "presence_penalty": 1e308}""", 400, "decimal_above_max_value", "presence_penalty" },
        // Regression: an escaped lone surrogate inside chat_template_kwargs failed when the template read it (500).
        { "/v1/chat/completions", """{"messages": [{"role": "user", "content": "hi"}], "chat_template_kwargs": {"x": "\ud800"}}""", 400, "invalid_value", "chat_template_kwargs" },
        { "/v1/chat/completions", """{"messages": [{"role": "user", "content": "\ud800"}]}""", 400, null, null },
        // Regressions (issue 16 fuzzing): fields kept as raw JSON failed when read with a lone surrogate escape in them (500:
        // tool_choice, a message's unknown field); function_call and json_schema are now refused by the same check first.
        { "/v1/chat/completions", """{"messages": [{"role": "user", "content": "hi"}], "tool_choice": "\ud800"}""", 400, "invalid_value", "tool_choice" },
        { "/v1/chat/completions", """{"messages": [{"role": "user", "content": "hi"}], "function_call": {"name": "\ud800"}}""", 400, "invalid_value", "function_call" },
        { "/v1/chat/completions", """{"messages": [{"role": "user", "content": "hi", "x": "\ud800"}]}""", 400, "invalid_value", "messages[0].x" },
        { "/v1/chat/completions", """{"messages": [{"role": "user", "content": "hi"}], "response_format": {"type": "json_schema", "json_schema": {"name": "\ud800"}}}""", 400, "invalid_value", "response_format.json_schema" },
    };

    [Theory]
    [InlineData("/v1/chat/completions", """{"messages": [{"role": "user", "content": "hi"}], "top_p": 0, "max_tokens": 3}""")]
    [InlineData("/v1/completions", """{"prompt": "hi", "top_p": 0, "temperature": 1.5, "max_tokens": 3}""")]
    [InlineData("/v1/chat/completions", """{"messages": [{"role": "user", "content": "hi"}], "temperature": 1e-50, "repetition_penalty": 10, "max_tokens": 3}""")]
    public async Task EdgeValuesOfTheSamplingRangesAreServed(string path, string body)
    {
        // top_p 0 is accepted as OpenAI does (only the most likely token is kept); it was a 500 from the engine.
        var host = await fixture.GetAsync();
        var (response, json) = await Sse.PostJsonAsync(host.Http, path, body);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.InRange(json.GetProperty("usage").GetProperty("completion_tokens").GetInt32(), 1, 3);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task BadInputGetsItsStatusAndEnvelopeAndTheNodeKeepsServing(string path, string body, int status, string? code, string? param)
    {
        var host = await fixture.GetAsync();
        var (response, json) = await Sse.PostJsonAsync(host.Http, path, body);
        Assert.Equal(status, (int)response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Sse.AssertEnvelope(json, code, param);
        await AssertStillServingAsync(host);
    }

    [Fact]
    public async Task UnknownModelListsTheServedIds()
    {
        var host = await fixture.GetAsync();
        var (response, json) = await Sse.PostJsonAsync(host.Http, "/v1/chat/completions", """{"model": "gpt-4o", "messages": [{"role": "user", "content": "hi"}]}""");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        var message = json.GetProperty("error").GetProperty("message").GetString()!;
        Assert.Contains("gpt-4o", message, StringComparison.Ordinal);
        Assert.Contains(host.Model, message, StringComparison.Ordinal);
        Assert.Contains("org/tiny-alias", message, StringComparison.Ordinal);

        var sdkError = await Assert.ThrowsAsync<System.ClientModel.ClientResultException>(() =>
            host.Chat(model: "gpt-4o").CompleteChatAsync([new UserChatMessage("hi")]));
        Assert.Equal(404, sdkError.Status);
    }

    [Fact]
    public async Task OversizedBodyGets413InTheEnvelope()
    {
        var host = await fixture.GetAsync();
        var big = "{\"messages\": [{\"role\": \"user\", \"content\": \"" + new string('a', RealNodeFixture.MaxBodyBytes + 10) + "\"}]}";
        var (response, json) = await Sse.PostJsonAsync(host.Http, "/v1/chat/completions", big);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Sse.AssertEnvelope(json, "request_too_large");

        // Without Content-Length (chunked), the limit holds while reading.
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/chat/completions")
        {
            Content = new StreamContent(new MemoryStream(Encoding.UTF8.GetBytes(big))),
        };
        request.Headers.TransferEncodingChunked = true;
        using var chunked = await host.Http.SendAsync(request);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, chunked.StatusCode);
        Sse.AssertEnvelope(System.Text.Json.JsonDocument.Parse(await chunked.Content.ReadAsStringAsync()).RootElement, "request_too_large");
        await AssertStillServingAsync(host);
    }

    [Fact]
    public async Task UnknownRouteAndWrongMethodAnswerInTheEnvelope()
    {
        var host = await fixture.GetAsync();
        using var notFound = await host.Http.PostAsync("/v1/nothing-here", new StringContent("{}"));
        Assert.Equal(HttpStatusCode.NotFound, notFound.StatusCode);
        Sse.AssertEnvelope(System.Text.Json.JsonDocument.Parse(await notFound.Content.ReadAsStringAsync()).RootElement, null);

        using var wrongMethod = await host.Http.GetAsync("/v1/chat/completions");
        Assert.Equal(HttpStatusCode.MethodNotAllowed, wrongMethod.StatusCode);
        Sse.AssertEnvelope(System.Text.Json.JsonDocument.Parse(await wrongMethod.Content.ReadAsStringAsync()).RootElement, null);

        using var unknownModel = await host.Http.GetAsync("/v1/models/gpt-4o");
        Assert.Equal(HttpStatusCode.NotFound, unknownModel.StatusCode);
        Sse.AssertEnvelope(System.Text.Json.JsonDocument.Parse(await unknownModel.Content.ReadAsStringAsync()).RootElement, "model_not_found");
    }

    [Fact]
    public async Task ModelsListTheServedIdAndAliases()
    {
        var host = await fixture.GetAsync();
        var (response, json) = await Sse.PostJsonAsync(host.Http, "/v1/models", "{}");
        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
        using var list = await host.Http.GetAsync("/v1/models");
        var body = System.Text.Json.JsonDocument.Parse(await list.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("list", body.GetProperty("object").GetString());
        Assert.Equal([host.Model, "tiny", "org/tiny-alias"], body.GetProperty("data").EnumerateArray().Select(m => m.GetProperty("id").GetString()));
        Assert.All(body.GetProperty("data").EnumerateArray(), m => Assert.Equal("synapse", m.GetProperty("owned_by").GetString()));

        using var one = await host.Http.GetAsync("/v1/models/org/tiny-alias");
        Assert.Equal(HttpStatusCode.OK, one.StatusCode);
        var model = System.Text.Json.JsonDocument.Parse(await one.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("model", model.GetProperty("object").GetString());
        Assert.Equal("org/tiny-alias", model.GetProperty("id").GetString());
        _ = json;
    }

    private static async Task AssertStillServingAsync(NodeHost host)
    {
        var ok = await host.Chat().CompleteChatAsync([new UserChatMessage("Hello")], new ChatCompletionOptions { MaxOutputTokenCount = 2 });
        Assert.StartsWith("chatcmpl-", ok.Value.Id, StringComparison.Ordinal);
    }
}
