using System.Net;
using System.Text.Json;
using OpenAI.Chat;
using Synapse.Node.Tests.Infrastructure;
using Synapse.Testing;
using Synapse.Testing.Hub;

namespace Synapse.Node.Tests.Hosting;

/// <summary>
/// MODEL_NAME naming a repository on a (fake) Hugging Face hub: the node starts HTTP at once, reports "loading" while it
/// downloads, converts and quantizes on its load path, then answers chat completions.
/// </summary>
public sealed class HubModelTests : FakeHubTest
{
    private Dictionary<string, string?> HubVariables() => new()
    {
        ["HF_HOME"] = Folder.Home,
        ["HF_ENDPOINT"] = Hub.Url,
    };

    [Fact]
    public async Task NodeDownloadsConvertsQuantizesAndAnswers()
    {
        var repo = Hub.AddRepo("fixtures/tiny-qwen2").AddFolder(Fixtures.Require("models/tiny-qwen2"));
        // Slow enough that readiness is seen saying "loading" while the weights download.
        Hub.ChunkDelay = TimeSpan.FromMilliseconds(300);

        await using var host = await NodeHost.StartAsync("fixtures/tiny-qwen2", ["--ctx-size", "256", "--parallel", "1", "--quant", "Q8_0"],
            environment: HubVariables(), waitUntilReady: false);
        using (var loading = await host.Http.GetAsync("/health/ready"))
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, loading.StatusCode);
            var health = JsonDocument.Parse(await loading.Content.ReadAsStringAsync()).RootElement;
            Assert.Equal("loading", health.GetProperty("status").GetString());
            // The reason says which phase of resolving the model the node is in.
            Assert.Contains("fixtures/tiny-qwen2", health.GetProperty("reason").GetString(), StringComparison.Ordinal);
        }

        await host.WaitUntilReadyAsync();
        var converted = Path.Combine(Folder.Home, "synapse", "gguf", "models--fixtures--tiny-qwen2", repo.Commit, "tiny-qwen2-Q8_0.gguf");
        Assert.True(File.Exists(converted), converted);
        Assert.Equal(repo.Commit, File.ReadAllText(Path.Combine(Folder.Home, "hub", "models--fixtures--tiny-qwen2", "refs", "main")));

        var completion = (await host.Chat().CompleteChatAsync([new UserChatMessage("Hello!")], new ChatCompletionOptions { MaxOutputTokenCount = 8, Temperature = 0 })).Value;
        Assert.Equal("fixtures/tiny-qwen2", completion.Model);
        Assert.InRange(completion.Usage.OutputTokenCount, 1, 8);
        Assert.True(completion.Usage.InputTokenCount > 3);
    }

    [Fact]
    public async Task SecondStartUsesTheCachesOffline()
    {
        Hub.AddRepo("fixtures/qwen-f16").AddFolder(Fixtures.Require("models/tiny-qwen2"));
        string[] args = ["--ctx-size", "256", "--parallel", "1", "--quant", "F16"];
        await using (var first = await NodeHost.StartAsync("fixtures/qwen-f16", args, environment: HubVariables()))
        {
        }

        var variables = HubVariables();
        variables["HF_HUB_OFFLINE"] = "1";
        var requests = Hub.Requests.Count;
        await using var second = await NodeHost.StartAsync("fixtures/qwen-f16", args, environment: variables);
        var completion = (await second.Chat().CompleteChatAsync([new UserChatMessage("Hi")], new ChatCompletionOptions { MaxOutputTokenCount = 4 })).Value;
        Assert.InRange(completion.Usage.OutputTokenCount, 1, 4);
        Assert.Equal(requests, Hub.Requests.Count);
    }
}
