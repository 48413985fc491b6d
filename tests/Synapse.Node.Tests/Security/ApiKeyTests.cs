using System.ClientModel;
using System.Net;
using System.Net.Http.Headers;
using OpenAI.Chat;
using Synapse.Node.Tests.Infrastructure;

namespace Synapse.Node.Tests.Security;

/// <summary>SYNAPSE_API_KEYS and SYNAPSE_API_KEY_FILE guard /v1/*; health and metrics stay open.</summary>
public sealed class ApiKeyTests : IAsyncLifetime
{
    private readonly string _keyFile = Path.Combine(Path.GetTempPath(), $"synapse-keys-{Guid.NewGuid():N}.txt");
    private NodeHost? _host;

    public async ValueTask InitializeAsync() => await File.WriteAllTextAsync(_keyFile, "# team keys\nsk-from-file\n\n");

    private async Task<NodeHost> HostAsync() => _host ??= await NodeHost.StartAsync(TestModel.Path, ["--ctx-size", "256", "--parallel", "2"],
        environment: new Dictionary<string, string?> { ["SYNAPSE_API_KEYS"] = "sk-one, sk-two", ["SYNAPSE_API_KEY_FILE"] = _keyFile });

    public async ValueTask DisposeAsync()
    {
        if (_host is not null)
        {
            await _host.DisposeAsync();
        }

        File.Delete(_keyFile);
    }

    [Fact]
    public async Task MissingOrWrongKeyIsRejectedRightKeyWorksHealthStaysOpen()
    {
        var host = await HostAsync();
        const string chat = """{"messages": [{"role": "user", "content": "hi"}], "max_tokens": 2}""";

        using var missing = await host.Http.SendAsync(Sse.Post("/v1/chat/completions", chat));
        Assert.Equal(HttpStatusCode.Unauthorized, missing.StatusCode);
        Sse.AssertEnvelope(System.Text.Json.JsonDocument.Parse(await missing.Content.ReadAsStringAsync()).RootElement, null);

        using var wrong = await host.Http.SendAsync(Sse.Post("/v1/chat/completions", chat, apiKey: "sk-wrong-key-123456"));
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        var wrongBody = await wrong.Content.ReadAsStringAsync();
        Sse.AssertEnvelope(System.Text.Json.JsonDocument.Parse(wrongBody).RootElement, "invalid_api_key");
        Assert.DoesNotContain("sk-wrong-key-123456", wrongBody, StringComparison.Ordinal);

        using var models = await host.Http.GetAsync("/v1/models");
        Assert.Equal(HttpStatusCode.Unauthorized, models.StatusCode);

        // llama-server's and vLLM's root-level tokenizer endpoints are guarded like /v1.
        foreach (var path in new[] { "/tokenize", "/detokenize" })
        {
            using var open = await host.Http.SendAsync(Sse.Post(path, """{"content": "hi", "tokens": [1]}"""));
            Assert.Equal(HttpStatusCode.Unauthorized, open.StatusCode);
            using var keyed = await host.Http.SendAsync(Sse.Post(path, """{"content": "hi", "tokens": [1]}""", apiKey: "sk-one"));
            Assert.Equal(HttpStatusCode.OK, keyed.StatusCode);
        }

        var sdkError = await Assert.ThrowsAsync<ClientResultException>(() => host.Chat("sk-nope").CompleteChatAsync([new UserChatMessage("hi")]));
        Assert.Equal(401, sdkError.Status);

        foreach (var key in new[] { "sk-one", "sk-two", "sk-from-file" })
        {
            var ok = await host.Chat(key).CompleteChatAsync([new UserChatMessage("hi")], new ChatCompletionOptions { MaxOutputTokenCount = 2 });
            Assert.StartsWith("chatcmpl-", ok.Value.Id, StringComparison.Ordinal);
        }

        using var withKey = new HttpRequestMessage(HttpMethod.Get, "/v1/models");
        withKey.Headers.Authorization = new AuthenticationHeaderValue("Bearer", "sk-two");
        Assert.Equal(HttpStatusCode.OK, (await host.Http.SendAsync(withKey)).StatusCode);

        Assert.Equal(HttpStatusCode.OK, (await host.Http.GetAsync("/health")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await host.Http.GetAsync("/health/ready")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await host.Http.GetAsync("/metrics")).StatusCode);
    }
}
