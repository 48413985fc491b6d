using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;
using Synapse.LoadBalancer.Configuration;
using Synapse.LoadBalancer.Nodes;
using Synapse.LoadBalancer.Proxy;

namespace Synapse.LoadBalancer.Tests.Configuration;

public sealed class ConfigurationReloadTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("synapse-lb-reload-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task NodeListEditsInAppSettingsApplyWithoutARestartAndABrokenEditIsIgnored()
    {
        var file = Path.Combine(_dir, "appsettings.json");
        await File.WriteAllTextAsync(file, """{"Synapse":{"Nodes":"http://127.0.0.1:1"}}""");
        using var configuration = new ConfigurationManager();
        BalancerConfigurationBuilder.Configure(configuration, [], _dir, "Production", new Dictionary<string, string?>());
        var (options, nodes) = BalancerConfigurationReader.Read(configuration);
        var pool = new NodePool(NullLogger<NodePool>.Instance);
        pool.SyncConfigured(nodes);
        var proxyConfig = new NodeProxyConfigProvider(pool, options);
        var watcher = new ConfigurationWatcher(configuration, pool, proxyConfig, options, NullLogger<ConfigurationWatcher>.Instance);
        await watcher.StartAsync(CancellationToken.None);

        var admin = pool.Add("extra", new Uri("http://127.0.0.1:9"), NodeSource.Admin).Node;
        await File.WriteAllTextAsync(file, """
            {"ReverseProxy":{"Clusters":{"c":{"LoadBalancingPolicy":"LeastRequests","Destinations":{"two":{"Address":"http://127.0.0.1:2"},"three":{"Address":"http://127.0.0.1:3"}}}}}}
            """);
        await WaitUntil(() => pool.Snapshot.Count == 3 && pool.Find("two") is not null);
        Assert.Null(pool.Find("127.0.0.1:1"));
        Assert.Same(admin, pool.Find("extra"));
        Assert.Equal(PolicyKind.LeastRequests, options.Policy);
        var cluster = Assert.Single(proxyConfig.Current.Clusters);
        Assert.Equal("LeastRequests", cluster.LoadBalancingPolicy);
        Assert.Equal(["extra", "three", "two"], cluster.Destinations!.Keys.Order(StringComparer.Ordinal));

        await File.WriteAllTextAsync(file, """{"Synapse":{"Nodes":"not a url"}}""");
        await Task.Delay(1500);
        Assert.NotNull(pool.Find("two"));
        Assert.NotNull(pool.Find("three"));
        await watcher.StopAsync(CancellationToken.None);
    }

    private static async Task WaitUntil(Func<bool> condition)
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (!condition())
        {
            await Task.Delay(50, cts.Token);
        }
    }
}
