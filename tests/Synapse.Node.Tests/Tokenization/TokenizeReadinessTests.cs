using System.Net;
using Synapse.Node.Tests.Infrastructure;

namespace Synapse.Node.Tests.Tokenization;

/// <summary>Before the model has loaded there is no vocabulary: 503 with Retry-After in the envelope, then 200 once ready.</summary>
public sealed class TokenizeReadinessTests : FakeEngineTest
{
    [Fact]
    public async Task Tokenize_and_detokenize_answer_503_until_the_model_is_ready()
    {
        var engine = new FakeEngine { Ready = false };
        await using var host = await NodeHost.StartAsync(ModelPath, engine: engine, waitUntilReady: false);
        foreach (var (path, body) in new[] { ("/tokenize", """{"content": "hi"}"""), ("/detokenize", """{"tokens": [107]}""") })
        {
            using var loading = await host.Http.SendAsync(Sse.Post(path, body), TestContext.Current.CancellationToken);
            Assert.Equal(HttpStatusCode.ServiceUnavailable, loading.StatusCode);
            Assert.NotNull(loading.Headers.RetryAfter);
        }

        engine.Ready = true;
        await host.WaitUntilReadyAsync();
        var (tokenized, tokens) = await Sse.PostJsonAsync(host.Http, "/tokenize", """{"content": "hi", "add_special": false}""");
        Assert.Equal(HttpStatusCode.OK, tokenized.StatusCode);
        Assert.Equal([107, 108], tokens.GetProperty("tokens").EnumerateArray().Select(t => t.GetInt32()));
        var (detokenized, text) = await Sse.PostJsonAsync(host.Http, "/detokenize", """{"tokens": [1, 107, 108]}""");
        Assert.Equal(HttpStatusCode.OK, detokenized.StatusCode);
        Assert.Equal("<s>hi", text.GetProperty("content").GetString());
    }
}
