using Synapse.OpenAI.Errors;
using Synapse.OpenAI.Serialization;

namespace Synapse.OpenAI.Tests.Errors;

public class ApiErrorTests
{
    public static TheoryData<string, ApiError, int, string, string?, string?> Cases => new()
    {
        { "invalid json", ApiError.InvalidJson(), 400, "invalid_request_error", null, null },
        { "too large", ApiError.RequestTooLarge(1024), 413, "invalid_request_error", null, "request_too_large" },
        { "model", ApiError.ModelNotFound("gpt-4o", ["a", "b"]), 404, "invalid_request_error", null, "model_not_found" },
        { "no key", ApiError.MissingApiKey(), 401, "invalid_request_error", null, null },
        { "bad key", ApiError.InvalidApiKey("sk-1234567890abcdef"), 401, "invalid_request_error", null, "invalid_api_key" },
        { "context", ApiError.ContextLengthExceeded(2048, 3000), 400, "invalid_request_error", "messages", "context_length_exceeded" },
        { "context+completion", ApiError.ContextLengthExceeded(2048, 2000, 100, "prompt"), 400, "invalid_request_error", "prompt", "context_length_exceeded" },
        { "overloaded", ApiError.Overloaded(2), 503, "server_error", null, "server_overloaded" },
        { "not ready", ApiError.NotReady(), 503, "server_error", null, "server_not_ready" },
        { "internal", ApiError.Internal(), 500, "server_error", null, null },
        { "route", ApiError.RouteNotFound("POST", "/v1/nope"), 404, "invalid_request_error", null, null },
        { "method", ApiError.MethodNotAllowed("GET", "/v1/chat/completions"), 405, "invalid_request_error", null, null },
        { "missing", ApiError.MissingParameter("messages"), 400, "invalid_request_error", "messages", "missing_required_parameter" },
        { "type", ApiError.InvalidType("messages[0].content", "a string", "an integer"), 400, "invalid_request_error", "messages[0].content", "invalid_type" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Status_type_param_and_code(string name, ApiError error, int status, string type, string? param, string? code)
    {
        Assert.False(string.IsNullOrWhiteSpace(error.Message), name);
        Assert.Equal(status, error.StatusCode);
        Assert.Equal(type, error.Type);
        Assert.Equal(param, error.Param);
        Assert.Equal(code, error.Code);

        // The wire form, read back as plain JSON: OpenAI's envelope always carries all four fields, null ones as null.
        using var envelope = System.Text.Json.JsonDocument.Parse(OpenAIJson.Serialize(error.ToResponse()));
        var root = envelope.RootElement;
        Assert.Equal(["error"], root.EnumerateObject().Select(p => p.Name));
        var body = root.GetProperty("error");
        Assert.Equal(["message", "type", "param", "code"], body.EnumerateObject().Select(p => p.Name));
        Assert.Equal(error.Message, body.GetProperty("message").GetString());
        Assert.Equal(type, body.GetProperty("type").GetString());
        AssertStringOrNull(param, body.GetProperty("param"));
        AssertStringOrNull(code, body.GetProperty("code"));
    }

    private static void AssertStringOrNull(string? expected, System.Text.Json.JsonElement actual)
    {
        if (expected is null)
        {
            Assert.Equal(System.Text.Json.JsonValueKind.Null, actual.ValueKind);
        }
        else
        {
            Assert.Equal(expected, actual.GetString());
        }
    }

    [Fact]
    public void Model_not_found_names_the_model_and_the_served_ids()
    {
        var e = ApiError.ModelNotFound("gpt-4o", ["smollm", "smol"]);
        Assert.StartsWith("The model `gpt-4o` does not exist or you do not have access to it.", e.Message);
        Assert.Contains("smollm, smol", e.Message);
    }

    [Fact]
    public void Invalid_key_is_echoed_redacted()
    {
        var e = ApiError.InvalidApiKey("sk-1234567890abcdef");
        Assert.DoesNotContain("1234567890abcdef", e.Message);
        Assert.Contains("sk-", e.Message);
        Assert.Contains("cdef", e.Message);
        Assert.DoesNotContain("short", ApiError.InvalidApiKey("short").Message);
    }

    [Fact]
    public void Context_messages_carry_the_numbers()
    {
        var e = ApiError.ContextLengthExceeded(2048, 3000);
        Assert.Equal("This model's maximum context length is 2048 tokens. However, your messages resulted in 3000 tokens. Please reduce the length of the messages.", e.Message);
        var c = ApiError.ContextLengthExceeded(2048, 2000, 100, "prompt");
        Assert.Contains("maximum context length is 2048 tokens", c.Message);
        Assert.Contains("you requested 2100 tokens (2000 in the prompt, 100 in the completion)", c.Message);
    }

    [Fact]
    public void Overload_carries_retry_after() => Assert.Equal(2, ApiError.Overloaded(2).RetryAfterSeconds);

    [Fact]
    public void Internal_error_says_nothing_about_the_cause() =>
        Assert.Equal("The server had an error while processing your request. Sorry about that!", ApiError.Internal().Message);
}
