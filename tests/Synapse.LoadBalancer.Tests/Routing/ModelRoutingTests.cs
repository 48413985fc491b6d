using System.Net;
using System.Text.Json;
using Synapse.LoadBalancer.Tests.Infrastructure;

namespace Synapse.LoadBalancer.Tests.Routing;

public sealed class ModelRoutingTests
{
    [Fact]
    public async Task ModelsIsTheUnionOfTheHealthyNodesModels()
    {
        await using var a = await FakeNode.StartAsync("a", "small", "shared");
        await using var b = await FakeNode.StartAsync("b", "large", "shared");
        await using var c = await FakeNode.StartAsync("c", "only-on-c");
        c.Ready = ReadyBehaviour.Failing;
        await using var balancer = await BalancerHost.StartAsync([a, b, c]);

        using var document = JsonDocument.Parse(await balancer.Http.GetStringAsync("/v1/models"));
        var ids = document.RootElement.GetProperty("data").EnumerateArray().Select(m => m.GetProperty("id").GetString()).Order().ToList();
        Assert.Equal(["large", "shared", "small"], ids);
        Assert.Equal("list", document.RootElement.GetProperty("object").GetString());

        using var one = await balancer.Http.GetAsync("/v1/models/large");
        Assert.Equal(HttpStatusCode.OK, one.StatusCode);
        using var missing = await balancer.Http.GetAsync("/v1/models/only-on-c");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }

    [Fact]
    public async Task AModelServedByOneNodeIsAlwaysRoutedThere()
    {
        await using var a = await FakeNode.StartAsync("a", "small");
        await using var b = await FakeNode.StartAsync("b", "large");
        await using var balancer = await BalancerHost.StartAsync([a, b]);

        var chat = balancer.Chat("large");
        for (var i = 0; i < 8; i++)
        {
            Assert.Equal("from b", (await chat.CompleteChatAsync("hi")).Value.Content[0].Text);
        }

        Assert.Equal(0, a.Requests);
    }

    [Fact]
    public async Task AnUnknownModelIs404ModelNotFoundFromTheBalancer()
    {
        await using var a = await FakeNode.StartAsync("a", "small");
        await using var balancer = await BalancerHost.StartAsync([a]);

        using var response = await balancer.PostChatAsync("""{"model":"no-such-model","messages":[{"role":"user","content":"hi"}]}""");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        var error = await BalancerHost.ErrorOf(response);
        Assert.Equal("model_not_found", error.GetProperty("code").GetString());
        Assert.Contains("small", error.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal(0, a.Requests);
    }

    [Fact]
    public async Task ARequestWithoutModelGoesToAnyNode()
    {
        await using var a = await FakeNode.StartAsync("a", "small");
        await using var b = await FakeNode.StartAsync("b", "large");
        await using var balancer = await BalancerHost.StartAsync([a, b]);

        for (var i = 0; i < 4; i++)
        {
            using var response = await balancer.PostChatAsync("""{"messages":[{"role":"user","content":"hi"}]}""");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        Assert.Equal((2, 2), (a.Requests, b.Requests));
    }

    [Fact]
    public async Task AKnownModelWhoseNodesAreDownIs503NotA404()
    {
        await using var a = await FakeNode.StartAsync("a", "small");
        await using var b = await FakeNode.StartAsync("b", "large");
        await using var balancer = await BalancerHost.StartAsync([a, b]);
        b.Ready = ReadyBehaviour.Failing;
        await balancer.WaitForHealthAsync(b, "unhealthy");

        using var response = await balancer.PostChatAsync("""{"model":"large","messages":[{"role":"user","content":"hi"}]}""");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("no_healthy_node", (await BalancerHost.ErrorOf(response)).GetProperty("code").GetString());
    }
}
