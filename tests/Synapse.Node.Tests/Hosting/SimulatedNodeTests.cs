using System.Net;
using OpenAI.Chat;
using Synapse.Node.Tests.Infrastructure;

namespace Synapse.Node.Tests.Hosting;

/// <summary>A node started with SYNAPSE_ENGINE=simulated: no model file, the fixed reply through the real HTTP stack.</summary>
public sealed class SimulatedNodeTests
{
    private static Dictionary<string, string?> Environment(string loadSeconds = "0") => new()
    {
        ["SYNAPSE_ENGINE"] = "simulated",
        ["SYNAPSE_SIM_TOKENS_PER_SECOND"] = "0",
        ["SYNAPSE_SIM_LOAD_SECONDS"] = loadSeconds,
    };

    [Fact]
    public async Task ServesTheFixedReplyThroughTheOpenAISdk()
    {
        await using var node = await NodeHost.StartAsync("any-model-id", environment: Environment());
        var completion = (await node.Chat().CompleteChatAsync([new UserChatMessage("Hi")], new ChatCompletionOptions { MaxOutputTokenCount = 4 })).Value;
        Assert.Equal("Synapse simulated engine:", completion.Content[0].Text);
        Assert.Equal(ChatFinishReason.Length, completion.FinishReason);
        Assert.Equal(4, completion.Usage.OutputTokenCount);

        var streamed = new System.Text.StringBuilder();
        await foreach (var update in node.Chat().CompleteChatStreamingAsync([new UserChatMessage("Hi")], new ChatCompletionOptions { MaxOutputTokenCount = 6 }))
        {
            foreach (var part in update.ContentUpdate)
            {
                streamed.Append(part.Text);
            }
        }

        Assert.Equal("Synapse simulated engine: fixed tokens", streamed.ToString());
    }

    [Fact]
    public async Task ReportsLoadingDuringTheSimulatedLoad()
    {
        await using var node = await NodeHost.StartAsync("any-model-id", environment: Environment(loadSeconds: "30"), waitUntilReady: false);
        using var ready = await node.Http.GetAsync("/health/ready");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
        Assert.Contains("loading", await ready.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        using var live = await node.Http.GetAsync("/health");
        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
    }
}
