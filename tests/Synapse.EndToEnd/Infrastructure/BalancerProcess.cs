using System.ClientModel;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using OpenAI;
using OpenAI.Chat;
using Synapse.LoadBalancer.Admin;

namespace Synapse.EndToEnd.Infrastructure;

/// <summary>A real <c>synapse balancer</c> process on loopback with client and admin keys and short health intervals.</summary>
public sealed class BalancerProcess : IAsyncDisposable
{
    public const string ClientKey = "client-key";
    public const string AdminKey = "admin-key";

    /// <summary>The active health-check interval every test balancer runs with.</summary>
    public static readonly TimeSpan HealthInterval = TimeSpan.FromSeconds(0.5);

    private BalancerProcess(int port, SynapseProcess process)
    {
        Port = port;
        Process = process;
        Http = new HttpClient(new SocketsHttpHandler { MaxResponseDrainSize = 0, ResponseDrainTimeout = TimeSpan.Zero })
        {
            BaseAddress = new Uri(Url),
            Timeout = TimeSpan.FromSeconds(60),
        };
    }

    public int Port { get; }

    public string Url => $"http://127.0.0.1:{Port}";

    public SynapseProcess Process { get; }

    /// <summary>No default headers: each call says which key it sends.</summary>
    public HttpClient Http { get; }

    public static async Task<BalancerProcess> StartAsync(IEnumerable<string> nodeUrls, params string[] extra)
    {
        var port = Ports.Free();
        var process = SynapseProcess.Start($"balancer-{port}",
        [
            "balancer", "--host", "127.0.0.1", "--port", port.ToString(CultureInfo.InvariantCulture),
            .. (nodeUrls.Any() ? new[] { "--nodes", string.Join(',', nodeUrls) } : []), "--api-keys", ClientKey, "--admin-key", AdminKey,
            "--health-interval", HealthInterval.TotalSeconds.ToString(CultureInfo.InvariantCulture), "--health-timeout", "2",
            .. extra,
        ]);
        var balancer = new BalancerProcess(port, process);
        await Eventually.WaitAsync(async () =>
        {
            if (process.Exited.IsCompleted)
            {
                throw new InvalidOperationException($"The balancer exited with {process.Exited.Result}:\n{process.Log}");
            }

            using var response = await balancer.Http.GetAsync("/health");
            return response.StatusCode == HttpStatusCode.OK;
        }, "the balancer to listen");
        return balancer;
    }

    public ChatClient Chat(string model, string apiKey = ClientKey) =>
        new(model, new ApiKeyCredential(apiKey), new OpenAIClientOptions
        {
            Endpoint = new Uri(Url + "/v1"),
            NetworkTimeout = TimeSpan.FromSeconds(60),
            RetryPolicy = new System.ClientModel.Primitives.ClientRetryPolicy(maxRetries: 0),
        });

    public async Task<StatusResponse> StatusAsync()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/admin/status");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", AdminKey);
        using var response = await Http.SendAsync(request);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync(AdminJsonContext.Default.StatusResponse))!;
    }

    public async Task<string> HealthOfAsync(string nodeId) =>
        (await StatusAsync()).Nodes.Single(n => n.Id == nodeId).Health;

    public Task WaitForHealthAsync(string nodeId, string health, TimeSpan? timeout = null) =>
        Eventually.WaitAsync(async () => await HealthOfAsync(nodeId) == health, $"node {nodeId} to be {health}", timeout);

    public async Task AdminPostAsync(string path)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", AdminKey);
        using var response = await Http.SendAsync(request);
        response.EnsureSuccessStatusCode();
    }

    /// <summary>Posts a chat request with the client key and returns as soon as the headers are in (the body streams on).</summary>
    public async Task<HttpResponseMessage> PostChatAsync(string json, CancellationToken cancellationToken = default, string? apiKey = ClientKey)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/chat/completions")
        {
            Content = new StringContent(json, System.Text.Encoding.UTF8, "application/json"),
        };
        if (apiKey is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", apiKey);
        }

        return await Http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await Process.DisposeAsync();
    }
}
