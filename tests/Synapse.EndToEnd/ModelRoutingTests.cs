using OpenAI.Chat;
using Synapse.EndToEnd.Infrastructure;

namespace Synapse.EndToEnd;

/// <summary>
/// Two nodes running real inference on the generated tiny models, each serving a different model, behind one
/// balancer: every request reaches the node that serves its model, and /v1/models lists both.
/// </summary>
public sealed class ModelRoutingTests : IAsyncLifetime
{
    private Fleet? _fleet;

    private static string[] TinyNode(string model, string id) =>
        ["--model", model, "--model-aliases", id, "--parallel", "2", "--threads", "1", "--ctx-size", "256", "--shutdown-grace", "1"];

    public async ValueTask InitializeAsync() =>
        _fleet = await Fleet.StartAsync([TinyNode(Synapse.Testing.TestModels.TinyChatModelPath, "tiny-bpe"), TinyNode(Synapse.Testing.TestModels.TinySentencePieceModelPath, "tiny-spm")]);

    public async ValueTask DisposeAsync()
    {
        if (_fleet is not null)
        {
            await _fleet.DisposeAsync();
        }
    }

    [Fact]
    public async Task AModelServedByOneOfTwoNodesIsAlwaysRoutedThere()
    {
        var fleet = _fleet!;
        foreach (var (model, node) in new[] { ("tiny-bpe", fleet.Nodes[0]), ("tiny-spm", fleet.Nodes[1]) })
        {
            var chat = fleet.Balancer.Chat(model);
            for (var i = 0; i < 6; i++)
            {
                var result = await chat.CompleteChatAsync([new UserChatMessage("Hello")], new ChatCompletionOptions { MaxOutputTokenCount = 3, Temperature = 0 });
                Assert.Equal(node.Id, RoutingTests.NodeOf(result));
                Assert.Equal(model, result.Value.Model);
                Assert.True(result.Value.Usage.OutputTokenCount is > 0 and <= 3);
            }
        }

        using var request = new HttpRequestMessage(HttpMethod.Get, "/v1/models");
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", BalancerProcess.ClientKey);
        using var models = await fleet.Balancer.Http.SendAsync(request);
        var text = await models.Content.ReadAsStringAsync();
        Assert.Contains("\"tiny-bpe\"", text, StringComparison.Ordinal);
        Assert.Contains("\"tiny-spm\"", text, StringComparison.Ordinal);
    }
}
