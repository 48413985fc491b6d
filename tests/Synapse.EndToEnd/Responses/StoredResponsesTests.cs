#pragma warning disable OPENAI001 // The Responses client is experimental in the SDK.
using System.ClientModel;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using OpenAI.Responses;
using Synapse.EndToEnd.Infrastructure;

namespace Synapse.EndToEnd.Responses;

/// <summary>
/// Stored responses across a node's life, with real processes: they survive the node process being stopped and started
/// again on its data directory, and once the node that stored one has left the fleet the balancer answers a
/// continuation with a clear 404 rather than starting the conversation afresh on another node.
/// </summary>
[Collection(ResponsesFleetCollection.Name)]
public sealed class StoredResponsesTests(ResponsesFleetFixture fixture)
{
    private static CreateResponseOptions Turn(string text, string? previous, int maxTokens) =>
        new(ResponsesFleetFixture.Model, [ResponseItem.CreateUserMessageItem(text)]) { PreviousResponseId = previous, MaxOutputTokenCount = maxTokens };

    [Fact]
    public async Task StoredResponsesSurviveANodeRestart()
    {
        var client = fixture.Responses();
        var created = await client.CreateResponseAsync(Turn("Tell me about a cat.", null, 6), TestContext.Current.CancellationToken);
        var node = fixture.NodeOf(created);
        using (var raw = JsonDocument.Parse(created.GetRawResponse().Content))
        {
            Assert.True(raw.RootElement.GetProperty("store").GetBoolean(), "store: true, the default");
        }

        var second = (await client.CreateResponseAsync(Turn("And then?", created.Value.Id, 6), TestContext.Current.CancellationToken)).Value;

        // SIGTERM, as an operator stops it; then the same command line, so the same data directory.
        await node.Process!.StopAsync();
        await fixture.Fleet.RestartAsync(node);

        // On the restarted node itself.
        var direct = fixture.Responses(node.Url);
        var stored = (await direct.GetResponseAsync(second.Id, TestContext.Current.CancellationToken)).Value;
        Assert.Equal(second.GetOutputText(), stored.GetOutputText());
        Assert.Equal(created.Value.Id, stored.PreviousResponseId);
        var items = new List<ResponseItem>();
        await foreach (var item in direct.GetResponseInputItemsAsync(second.Id, cancellationToken: TestContext.Current.CancellationToken))
        {
            items.Add(item);
        }

        Assert.Equal("And then?", Assert.IsAssignableFrom<MessageResponseItem>(Assert.Single(items)).Content[0].Text);

        // Through the balancer: the lookup and a continuation of the whole stored chain reach it again.
        var found = await client.GetResponseAsync(created.Value.Id, TestContext.Current.CancellationToken);
        Assert.Same(node, fixture.NodeOf(found));
        Assert.Equal(created.Value.GetOutputText(), found.Value.GetOutputText());
        var continued = await client.CreateResponseAsync(Turn("Go on.", second.Id, 4), TestContext.Current.CancellationToken);
        Assert.Same(node, fixture.NodeOf(continued));
        Assert.True(continued.Value.Usage.InputTokenCount > second.Usage.InputTokenCount + second.Usage.OutputTokenCount - 1,
            "both stored turns are in the continuation's input");
    }

    [Fact]
    public async Task AContinuationWhoseNodeLeftTheFleetIsA404UntilItIsBack()
    {
        var client = fixture.Responses();
        var created = await client.CreateResponseAsync(Turn("Tell me about a dog.", null, 4), TestContext.Current.CancellationToken);
        var node = fixture.NodeOf(created);
        var id = created.Value.Id;

        using (await AdminAsync(HttpMethod.Delete, $"/admin/nodes/{node.Id}", null)) { }
        try
        {
            var refused = await Assert.ThrowsAsync<ClientResultException>(() => client.CreateResponseAsync(Turn("And then?", id, 4), TestContext.Current.CancellationToken));
            Assert.Equal(404, refused.Status);
            using (var error = JsonDocument.Parse(refused.GetRawResponse()!.Content))
            {
                Assert.Equal("previous_response_not_found", error.RootElement.GetProperty("error").GetProperty("code").GetString());
                Assert.Contains(id, error.RootElement.GetProperty("error").GetProperty("message").GetString(), StringComparison.Ordinal);
            }

            var lookup = await Assert.ThrowsAsync<ClientResultException>(() => client.GetResponseAsync(id, TestContext.Current.CancellationToken));
            Assert.Equal(404, lookup.Status);

            // The node still has it: the 404 is the balancer's, which no longer knows a node for the id's tag.
            Assert.Equal(id, (await fixture.Responses(node.Url).GetResponseAsync(id, TestContext.Current.CancellationToken)).Value.Id);
        }
        finally
        {
            // Back in the fleet under the same id, so with the same route tag.
            using (await AdminAsync(HttpMethod.Post, "/admin/nodes", new { url = node.Url })) { }
            await fixture.Fleet.Balancer.WaitForHealthAsync(node.Id, "healthy");
        }

        var resumed = await client.CreateResponseAsync(Turn("And then?", id, 4), TestContext.Current.CancellationToken);
        Assert.Same(node, fixture.NodeOf(resumed));
    }

    private async Task<HttpResponseMessage> AdminAsync(HttpMethod method, string path, object? body)
    {
        using var request = new HttpRequestMessage(method, path) { Content = body is null ? null : JsonContent.Create(body) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", BalancerProcess.AdminKey);
        var response = await fixture.Fleet.Balancer.Http.SendAsync(request, TestContext.Current.CancellationToken);
        response.EnsureSuccessStatusCode();
        return response;
    }
}
