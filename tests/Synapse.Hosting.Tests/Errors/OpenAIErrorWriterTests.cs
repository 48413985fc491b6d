using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Synapse.Hosting.Errors;
using Synapse.Hosting.Tests.Infrastructure;
using Synapse.OpenAI.Errors;

namespace Synapse.Hosting.Tests.Errors;

public sealed class OpenAIErrorWriterTests
{
    [Fact]
    public async Task Writes_the_envelope_status_and_retry_after()
    {
        await using var server = await TestServer.StartAsync(_ => { },
            app => app.MapGet("/busy", (HttpContext context) => OpenAIErrorWriter.WriteAsync(context, ApiError.Overloaded(3))));

        using var response = await server.Http.GetAsync("/busy");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("3", response.Headers.RetryAfter!.ToString());
        Assert.Equal("application/json", response.Content.Headers.ContentType!.MediaType);
        var error = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("error");
        Assert.Equal(["message", "type", "param", "code"], error.EnumerateObject().Select(p => p.Name).ToArray());
        Assert.Equal("server_error", error.GetProperty("type").GetString());
    }

    [Fact]
    public void The_sse_event_carries_the_same_envelope()
    {
        var text = System.Text.Encoding.UTF8.GetString(OpenAIErrorWriter.ToSseEvent(ApiError.Internal()));
        Assert.StartsWith("data: {\"error\":{", text, StringComparison.Ordinal);
        Assert.EndsWith("\n\n", text, StringComparison.Ordinal);
    }
}
