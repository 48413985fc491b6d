using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Synapse.LoadBalancer;
using Synapse.Node.Tests.Infrastructure;

namespace Synapse.Node.Tests.Fuzzing;

/// <summary>A real node (simulated engine, instant replies) and a real balancer in front of it, both on 127.0.0.1.</summary>
public sealed class NodeBehindBalancer : IAsyncDisposable
{
    public const string Model = "fuzz-model";
    public const string AdminKey = "fuzz-admin-key";

    private NodeBehindBalancer(NodeHost node, WebApplication balancer, string balancerUrl)
    {
        Node = node;
        Balancer = balancer;
        BalancerUrl = balancerUrl;
        BalancerHttp = new HttpClient(new SocketsHttpHandler { MaxResponseDrainSize = 0, ResponseDrainTimeout = TimeSpan.Zero })
        {
            BaseAddress = new Uri(balancerUrl),
            Timeout = TimeSpan.FromSeconds(30),
        };
    }

    public NodeHost Node { get; }
    public WebApplication Balancer { get; }
    public string BalancerUrl { get; }
    public HttpClient BalancerHttp { get; }

    public static async Task<NodeBehindBalancer> StartAsync()
    {
        var node = await NodeHost.StartAsync(Model, environment: new Dictionary<string, string?>
        {
            ["SYNAPSE_ENGINE"] = "simulated",
            ["SYNAPSE_SIM_TOKENS_PER_SECOND"] = "0",
            ["SYNAPSE_SIM_LOAD_SECONDS"] = "0",
            ["SYNAPSE_PARALLEL"] = "4",
            ["SYNAPSE_QUEUE"] = "256",
            ["Logging__LogLevel__Synapse"] = "Error",
        }, configureServices: services => services.AddSingleton<Synapse.Node.Responses.Storage.IResponseStore>(new InMemoryResponseStore()));
        var balancer = BalancerApplication.Build(["--urls", "http://127.0.0.1:0"], new Dictionary<string, string?>
        {
            ["SYNAPSE_NODES"] = node.BaseUrl,
            ["SYNAPSE_ADMIN_KEY"] = AdminKey,
            ["SYNAPSE_HEALTH_INTERVAL"] = "0.5",
            ["SYNAPSE_HEALTH_TIMEOUT"] = "1",
            ["SYNAPSE_CONNECT_TIMEOUT"] = "1",
            ["Logging__LogLevel__Default"] = "Error",
        });
        await balancer.StartAsync();
        var url = balancer.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First().TrimEnd('/');
        var pair = new NodeBehindBalancer(node, balancer, url);
        await pair.WaitUntilRoutableAsync();
        return pair;
    }

    /// <summary>Waits until the balancer routes to the node (its first health check and model poll have run).</summary>
    private async Task WaitUntilRoutableAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (true)
        {
            using var response = await BalancerHttp.GetAsync("/v1/models/" + Model, timeout.Token);
            if (response.IsSuccessStatusCode)
            {
                return;
            }

            await Task.Delay(50, timeout.Token);
        }
    }

    public async ValueTask DisposeAsync()
    {
        BalancerHttp.Dispose();
        await Balancer.StopAsync(new CancellationTokenSource(TimeSpan.FromSeconds(2)).Token);
        await Balancer.DisposeAsync();
        await Node.DisposeAsync();
    }
}
