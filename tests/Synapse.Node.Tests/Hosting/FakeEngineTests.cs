using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using OpenAI.Chat;
using Synapse.Node.Hosting;
using Synapse.Node.Tests.Infrastructure;

namespace Synapse.Node.Tests.Hosting;

/// <summary>HTTP behaviour that needs a controllable engine: loading, draining, slow prompts, odd text.</summary>
public sealed class FakeEngineTests : FakeEngineTest
{
    private Task<NodeHost> StartAsync(Synapse.Engine.IInferenceEngine engine, params string[] args) =>
        NodeHost.StartAsync(ModelPath, args, engine, waitUntilReady: engine.IsReady);

    [Fact]
    public async Task ReadinessIs503UntilTheEngineIsReadyAndRequestsGet503Meanwhile()
    {
        var engine = new FakeEngine { Ready = false };
        await using var host = await StartAsync(engine);

        Assert.Equal(HttpStatusCode.OK, (await host.Http.GetAsync("/health")).StatusCode);
        using var notReady = await host.Http.GetAsync("/health/ready");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, notReady.StatusCode);
        Assert.Equal("loading", JsonDocument.Parse(await notReady.Content.ReadAsStringAsync()).RootElement.GetProperty("status").GetString());
        Assert.Equal(HttpStatusCode.OK, (await host.Http.GetAsync("/metrics")).StatusCode);

        var (refused, body) = await Sse.PostJsonAsync(host.Http, "/v1/chat/completions", """{"messages": [{"role": "user", "content": "hi"}]}""");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
        Assert.NotNull(refused.Headers.RetryAfter);
        Sse.AssertEnvelope(body, "server_not_ready", type: "server_error");

        engine.Ready = true;
        await host.WaitUntilReadyAsync();
        var ok = await host.Chat().CompleteChatAsync([new UserChatMessage("hi")], new ChatCompletionOptions { MaxOutputTokenCount = 5 });
        Assert.Equal("Hello", ok.Value.Content[0].Text);
    }

    [Fact]
    public async Task DrainingTurnsReadinessOffAndRefusesNewWork()
    {
        await using var host = await StartAsync(new FakeEngine());
        host.Services.GetRequiredService<NodeState>().BeginDraining();

        using var ready = await host.Http.GetAsync("/health/ready");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
        Assert.Equal("draining", JsonDocument.Parse(await ready.Content.ReadAsStringAsync()).RootElement.GetProperty("status").GetString());
        Assert.Equal(HttpStatusCode.OK, (await host.Http.GetAsync("/health")).StatusCode);
        var (refused, body) = await Sse.PostJsonAsync(host.Http, "/v1/completions", """{"prompt": "hi"}""");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
        Sse.AssertEnvelope(body, "server_not_ready", type: "server_error");
    }

    [Fact]
    public async Task KeepAliveCommentsFlowWhileThePromptIsRead()
    {
        var engine = new FakeEngine { FirstTokenDelay = TimeSpan.FromMilliseconds(600) };
        await using var host = await StartAsync(engine, "--keepalive-seconds", "0.05");
        var result = await Sse.PostStreamAsync(host.Http, "/v1/chat/completions", """{"messages": [{"role": "user", "content": "hi"}], "stream": true, "max_tokens": 5}""");

        Assert.Equal(HttpStatusCode.OK, result.Status);
        var firstData = result.Lines.FindIndex(l => l.StartsWith("data: ", StringComparison.Ordinal));
        var keepAlives = result.Lines.Take(firstData).Count(l => l == ": keep-alive");
        Assert.True(keepAlives >= 2, $"expected keep-alive comments before the first chunk, got {keepAlives}");
        Assert.DoesNotContain(result.Lines.Skip(firstData), l => l == ": keep-alive");
        Assert.True(result.Done);
    }

    [Fact]
    public async Task ReplacementCharactersAndControlTextAreJsonEncodedNot500()
    {
        var engine = new FakeEngine { Script = "ok \uFFFD \"quoted\" \\ \n\t\u0001 <|im_end|> " };
        await using var host = await StartAsync(engine);
        var (response, body) = await Sse.PostJsonAsync(host.Http, "/v1/completions", """{"prompt": "hi", "max_tokens": 40}""");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.StartsWith("ok \uFFFD \"quoted\" \\ \n\t\u0001", body.GetProperty("choices")[0].GetProperty("text").GetString(), StringComparison.Ordinal);

        var stream = await Sse.PostStreamAsync(host.Http, "/v1/chat/completions", """{"messages": [{"role": "user", "content": "hi"}], "stream": true, "max_tokens": 40}""");
        Assert.True(stream.Done);
        var text = string.Concat(stream.Events.Select(e => e.GetProperty("choices")[0].GetProperty("delta").TryGetProperty("content", out var c) ? c.GetString() : ""));
        Assert.StartsWith("ok \uFFFD \"quoted\"", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ExceptionsBecome500WithoutDetails()
    {
        await using var host = await StartAsync(new ThrowingEngine());
        var (response, body) = await Sse.PostJsonAsync(host.Http, "/v1/chat/completions", """{"messages": [{"role": "user", "content": "hi"}]}""");
        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Sse.AssertEnvelope(body, null, type: "server_error");
        Assert.DoesNotContain("secret", body.ToString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await host.Http.GetAsync("/health")).StatusCode);
    }

    private sealed class ThrowingEngine : Synapse.Engine.IInferenceEngine
    {
        private readonly FakeEngine _inner = new();
        public Synapse.Engine.Model.ModelDescription Model => _inner.Model;
        public int ContextSize => _inner.ContextSize;
        public bool IsReady => true;
        public int[] Tokenize(string text, bool addSpecial, bool parseSpecial) =>
            throw new InvalidOperationException("secret internal detail");
        public string Detokenize(IReadOnlyList<int> tokens) => _inner.Detokenize(tokens);
        public byte[] TokenBytes(IReadOnlyList<int> tokens, bool renderSpecial) => _inner.TokenBytes(tokens, renderSpecial);
        public Task WhenReadyAsync(CancellationToken cancellationToken) => Task.CompletedTask;
        public ValueTask<Synapse.Engine.Generation.GenerationHandle> SubmitAsync(Synapse.Engine.Generation.GenerationRequest request, CancellationToken cancellationToken) =>
            _inner.SubmitAsync(request, cancellationToken);
        public Synapse.Engine.Generation.EngineStats GetStats() => _inner.GetStats();
    }
}
