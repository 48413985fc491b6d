using System.Net;
using Synapse.Node.Tests.Fuzzing;
using Synapse.Node.Tests.Infrastructure;

namespace Synapse.Node.Tests.Tokenization;

/// <summary>The balancer proxies <c>/tokenize</c> and <c>/detokenize</c> like <c>/v1</c>: routed by <c>model</c>, 404 for a model no node serves.</summary>
public sealed class TokenizeThroughBalancerTests
{
    [Fact]
    public async Task Tokenize_and_detokenize_reach_the_node_serving_the_model()
    {
        await using var pair = await NodeBehindBalancer.StartAsync();
        foreach (var body in new[]
        {
            $$"""{"model": "{{NodeBehindBalancer.Model}}", "content": "héllo", "with_pieces": true}""",
            """{"messages": [{"role": "user", "content": "hi"}]}""",
        })
        {
            var (direct, directBody) = await Sse.PostJsonAsync(pair.Node.Http, "/tokenize", body);
            var (proxied, proxiedBody) = await Sse.PostJsonAsync(pair.BalancerHttp, "/tokenize", body);
            Assert.Equal(HttpStatusCode.OK, direct.StatusCode);
            Assert.Equal(HttpStatusCode.OK, proxied.StatusCode);
            Assert.Equal(directBody.ToString(), proxiedBody.ToString());
        }

        var (back, backBody) = await Sse.PostJsonAsync(pair.BalancerHttp, "/detokenize", $$"""{"model": "{{NodeBehindBalancer.Model}}", "tokens": [107, 108]}""");
        Assert.Equal(HttpStatusCode.OK, back.StatusCode);
        Assert.Equal("hi", backBody.GetProperty("content").GetString());

        var (missing, missingBody) = await Sse.PostJsonAsync(pair.BalancerHttp, "/tokenize", """{"model": "no-such-model", "content": "hi"}""");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Sse.AssertEnvelope(missingBody, "model_not_found");

        // Only POST is proxied: another method is the balancer's own 404/405, in the envelope.
        using var get = await pair.BalancerHttp.GetAsync("/tokenize", TestContext.Current.CancellationToken);
        Assert.True(get.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.MethodNotAllowed, get.StatusCode.ToString());
    }
}
