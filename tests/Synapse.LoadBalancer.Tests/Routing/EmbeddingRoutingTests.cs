using System.ClientModel;
using System.Net;
using System.Text;
using System.Text.Json;
using OpenAI;
using OpenAI.Embeddings;
using Synapse.LoadBalancer.Tests.Infrastructure;

namespace Synapse.LoadBalancer.Tests.Routing;

/// <summary>Embedding and chat models on one fleet: <c>/v1/embeddings</c> is proxied and routed by <c>model</c> like chat.</summary>
public sealed class EmbeddingRoutingTests
{
    [Fact]
    public async Task Embeddings_go_to_the_embedding_node_and_chat_to_the_chat_node()
    {
        await using var chatNode = await FakeNode.StartAsync("a", "chat-model");
        await using var embeddingNode = await FakeNode.StartAsync("b", "embed-model");
        await using var balancer = await BalancerHost.StartAsync([chatNode, embeddingNode]);

        for (var i = 0; i < 6; i++)
        {
            using var response = await balancer.Http.PostAsync("/v1/embeddings",
                new StringContent("""{"model":"embed-model","input":["a","b"]}""", Encoding.UTF8, "application/json"), TestContext.Current.CancellationToken);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
            Assert.Equal("embed-model", body.RootElement.GetProperty("model").GetString());
            var chat = await balancer.Chat("chat-model").CompleteChatAsync(["hi"], cancellationToken: TestContext.Current.CancellationToken);
            Assert.Equal("from a", chat.Value.Content[0].Text);
        }

        Assert.Equal((0, 6), (chatNode.EmbeddingRequests, embeddingNode.EmbeddingRequests));
        Assert.Equal((6, 0), (chatNode.Requests, embeddingNode.Requests));
    }

    [Fact]
    public async Task The_dotnet_sdk_embedding_client_works_through_the_balancer()
    {
        await using var chatNode = await FakeNode.StartAsync("a", "chat-model");
        await using var embeddingNode = await FakeNode.StartAsync("b", "embed-model");
        await using var balancer = await BalancerHost.StartAsync([chatNode, embeddingNode]);
        var client = new EmbeddingClient("embed-model", new ApiKeyCredential("unused"), new OpenAIClientOptions { Endpoint = new Uri(balancer.BaseUrl + "/v1") });

        var embedding = await client.GenerateEmbeddingAsync("hello", cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal([0.6f, 0.8f], embedding.Value.ToFloats().ToArray());
        Assert.Equal(1, embeddingNode.EmbeddingRequests);
    }

    [Fact]
    public async Task Embeddings_for_a_model_no_node_serves_are_404_from_the_balancer()
    {
        await using var chatNode = await FakeNode.StartAsync("a", "chat-model");
        await using var balancer = await BalancerHost.StartAsync([chatNode]);

        using var response = await balancer.Http.PostAsync("/v1/embeddings",
            new StringContent("""{"model":"embed-model","input":"a"}""", Encoding.UTF8, "application/json"), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("model_not_found", (await BalancerHost.ErrorOf(response)).GetProperty("code").GetString());
        Assert.Equal(0, chatNode.EmbeddingRequests);
    }
}
