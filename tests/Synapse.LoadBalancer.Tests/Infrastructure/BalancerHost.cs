using System.ClientModel;
using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using OpenAI;
using OpenAI.Chat;
using Synapse.LoadBalancer.Nodes;

namespace Synapse.LoadBalancer.Tests.Infrastructure;

/// <summary>The balancer in-process on 127.0.0.1 (free port), with its own environment and short health intervals.</summary>
public sealed class BalancerHost : IAsyncDisposable
{
    public const string ChatBody = """{"model":"fake-model","messages":[{"role":"user","content":"hi"}]}""";

    private BalancerHost(WebApplication app, string baseUrl)
    {
        App = app;
        BaseUrl = baseUrl;
        Http = new HttpClient(new SocketsHttpHandler { MaxResponseDrainSize = 0, ResponseDrainTimeout = TimeSpan.Zero })
        {
            BaseAddress = new Uri(baseUrl),
            Timeout = TimeSpan.FromSeconds(30),
        };
    }

    public WebApplication App { get; }
    public string BaseUrl { get; }
    public HttpClient Http { get; }
    public NodePool Pool => App.Services.GetRequiredService<NodePool>();

    /// <summary>
    /// Starts a balancer in front of <paramref name="nodes"/>. Health checks run every 100 ms unless
    /// <paramref name="environment"/> says otherwise (SYNAPSE_HEALTH_INTERVAL=60 keeps a dead node "healthy").
    /// </summary>
    public static Task<BalancerHost> StartAsync(IEnumerable<FakeNode> nodes, IDictionary<string, string?>? environment = null, params string[] args) =>
        StartAsync(nodes, environment, configureServices: null, args);

    /// <summary>As above, with services replaced last (a fake Kubernetes API client).</summary>
    public static async Task<BalancerHost> StartAsync(IEnumerable<FakeNode> nodes, IDictionary<string, string?>? environment, Action<IServiceCollection>? configureServices, params string[] args)
    {
        var env = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase)
        {
            ["SYNAPSE_NODES"] = string.Join(",", nodes.Select(n => n.Url)),
            ["SYNAPSE_HEALTH_INTERVAL"] = "0.1",
            ["SYNAPSE_HEALTH_TIMEOUT"] = "2",
            ["SYNAPSE_CONNECT_TIMEOUT"] = "2",
            ["Logging__LogLevel__Default"] = "Warning",
        };
        foreach (var (key, value) in environment ?? new Dictionary<string, string?>())
        {
            env[key] = value;
        }

        var app = BalancerApplication.Build(["--urls", "http://127.0.0.1:0", .. args], env, configureServices);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new BalancerHost(app, address.TrimEnd('/'));
    }

    public ChatClient Chat(string model = "fake-model", string apiKey = "unused") =>
        new(model, new ApiKeyCredential(apiKey), new OpenAIClientOptions { Endpoint = new Uri(BaseUrl + "/v1"), NetworkTimeout = TimeSpan.FromSeconds(30) });

    public async Task<HttpResponseMessage> PostChatAsync(string body = ChatBody, string? apiKey = null, CancellationToken cancellationToken = default)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/chat/completions")
        {
            Content = new StringContent(body, Encoding.UTF8, "application/json"),
        };
        if (apiKey is not null)
        {
            request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", apiKey);
        }

        return await Http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
    }

    public static string? NodeOf(HttpResponseMessage response) =>
        response.Headers.TryGetValues("X-Synapse-Node", out var values) ? values.Single() : null;

    public static async Task<JsonElement> ErrorOf(HttpResponseMessage response)
    {
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return document.RootElement.GetProperty("error").Clone();
    }

    /// <summary>Waits until the node's health (as /admin/status names it) is <paramref name="health"/>.</summary>
    public async Task WaitForHealthAsync(FakeNode node, string health, TimeSpan? timeout = null)
    {
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(60));
        while (Pool.FindByUrl(new Uri(node.Url))?.HealthName != health)
        {
            await Task.Delay(20, cts.Token);
        }
    }

    public string IdOf(FakeNode node) => Pool.FindByUrl(new Uri(node.Url))!.Id;

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await App.StopAsync(new CancellationTokenSource(TimeSpan.FromSeconds(2)).Token);
        await App.DisposeAsync();
    }
}
