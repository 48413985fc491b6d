using System.Net;
using System.Text;
using System.Text.Json;

namespace Synapse.Node.Tests.Fuzzing;

/// <summary>
/// Regression (issue 16): a <c>model</c> the balancer cannot read (invalid UTF-8, a lone surrogate) made its
/// routing throw and the client got a 500 with an empty body. The balancer now forwards such a body unchanged
/// and the node answers 400 in OpenAI's envelope.
/// </summary>
public sealed class BalancerUnreadableModelTests
{
    private const string Messages = "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"max_tokens\":2";

    public static TheoryData<string, string> Bodies => new()
    {
        // (path, body as base64 so that the invalid bytes survive the test's own strings)
        { "/v1/chat/completions", Base64("{\"model\":\"\\ud800\"," + Messages + "}") },
        { "/v1/chat/completions", Base64("{\"model\":\"fuzz-\\udc00model\"," + Messages + ",\"stream\":true}") },
        { "/v1/chat/completions", Base64(Bytes("{\"model\":\"fuzz-", [0xFF], "model\"," + Messages + "}")) },
        { "/v1/chat/completions", Base64(Bytes("{\"model\":\"", [0xED, 0xA0, 0x80], "\"," + Messages + ",\"stream\":true}")) },
        { "/v1/chat/completions", Base64(Bytes("{\"model\":\"", [0xC3], "\"," + Messages + "}")) },
        { "/v1/completions", Base64("{\"model\":\"\\ud800\",\"prompt\":\"hi\",\"max_tokens\":2}") },
        { "/v1/completions", Base64(Bytes("{\"model\":\"", [0xC0, 0xAF], "\",\"prompt\":\"hi\",\"max_tokens\":2}")) },
    };

    [Theory]
    [MemberData(nameof(Bodies))]
    public async Task AnUnreadableModelIsForwardedAndAnswered400InTheEnvelope(string path, string base64)
    {
        await using var pair = await NodeBehindBalancer.StartAsync();
        var content = new ByteArrayContent(Convert.FromBase64String(base64));
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        using var response = await pair.BalancerHttp.PostAsync(path, content, TestContext.Current.CancellationToken);
        var text = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Null(HttpFuzzer.CheckEnvelope(response.Content.Headers.ContentType?.MediaType, text));
        using var document = JsonDocument.Parse(text);
        Assert.Equal("invalid_request_error", document.RootElement.GetProperty("error").GetProperty("type").GetString());

        // The balancer keeps routing: the next, readable request is served.
        using var ok = await pair.BalancerHttp.PostAsync("/v1/chat/completions",
            new StringContent("{\"model\":\"fuzz-model\"," + Messages + "}", Encoding.UTF8, "application/json"), TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
    }

    private static string Base64(string text) => Convert.ToBase64String(Encoding.UTF8.GetBytes(text));

    private static string Base64(byte[] bytes) => Convert.ToBase64String(bytes);

    private static byte[] Bytes(string before, byte[] raw, string after) => [.. Encoding.UTF8.GetBytes(before), .. raw, .. Encoding.UTF8.GetBytes(after)];
}
