using System.Net;
using System.Text;
using Synapse.LoadBalancer.Tests.Infrastructure;

namespace Synapse.LoadBalancer.Tests.Security;

public sealed class SecurityTests
{
    private static readonly Dictionary<string, string?> Keys = new()
    {
        ["SYNAPSE_API_KEYS"] = "client-key-1,client-key-2",
        ["SYNAPSE_NODE_API_KEY"] = "node-secret",
    };

    [Fact]
    public async Task MissingAndBadClientKeysGet401AndAGoodOneIsReplacedByTheNodeKey()
    {
        await using var node = await FakeNode.StartAsync("a");
        await using var balancer = await BalancerHost.StartAsync([node], Keys);

        using (var missing = await balancer.PostChatAsync())
        {
            Assert.Equal(HttpStatusCode.Unauthorized, missing.StatusCode);
            Assert.Equal("invalid_request_error", (await BalancerHost.ErrorOf(missing)).GetProperty("type").GetString());
        }

        using (var bad = await balancer.PostChatAsync(apiKey: "wrong-key-123"))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, bad.StatusCode);
            Assert.Equal("invalid_api_key", (await BalancerHost.ErrorOf(bad)).GetProperty("code").GetString());
        }

        Assert.Equal(0, node.Requests);
        var completion = await balancer.Chat(apiKey: "client-key-2").CompleteChatAsync("hi");
        Assert.Equal("from a", completion.Value.Content[0].Text);
        Assert.Equal(["Bearer node-secret"], node.AuthorizationHeaders.ToArray());
    }

    [Fact]
    public async Task AnOversizedBodyGets413InTheEnvelope()
    {
        await using var node = await FakeNode.StartAsync("a");
        await using var balancer = await BalancerHost.StartAsync([node], new Dictionary<string, string?> { ["SYNAPSE_MAX_BODY_BYTES"] = "2048" });

        var big = """{"model":"fake-model","messages":[{"role":"user","content":""" + "\"" + new string('x', 4096) + "\"}]}";
        using var response = await balancer.PostChatAsync(big);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("request_too_large", (await BalancerHost.ErrorOf(response)).GetProperty("code").GetString());

        // Without Content-Length (chunked), the limit holds too.
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/chat/completions")
        {
            Content = new StreamContent(new MemoryStream(Encoding.UTF8.GetBytes(big))),
        };
        request.Headers.TransferEncodingChunked = true;
        using var chunked = await balancer.Http.SendAsync(request);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, chunked.StatusCode);
        Assert.Equal(0, node.Requests);
    }

    [Fact]
    public async Task TheAdminApiNeedsTheAdminKey()
    {
        await using var node = await FakeNode.StartAsync("a");
        await using var balancer = await BalancerHost.StartAsync([node], new Dictionary<string, string?> { ["SYNAPSE_ADMIN_KEY"] = "admin-secret" });

        using (var missing = await balancer.Http.GetAsync("/admin/status"))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, missing.StatusCode);
        }

        using var request = new HttpRequestMessage(HttpMethod.Get, "/admin/status");
        request.Headers.Authorization = new("Bearer", "admin-secret");
        using var ok = await balancer.Http.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);

        // Health and metrics stay open, as on the node.
        using var metrics = await balancer.Http.GetAsync("/metrics");
        Assert.Equal(HttpStatusCode.OK, metrics.StatusCode);
    }
}
