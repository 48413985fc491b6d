using Synapse.Hosting.Settings;
using Microsoft.Extensions.Configuration;
using Synapse.LoadBalancer.Configuration;

namespace Synapse.LoadBalancer.Tests.Configuration;

public sealed class ConfigurationTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("synapse-lb-config-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private (BalancerOptions Options, IReadOnlyList<ConfiguredNode> Nodes) Read(string[] args, Dictionary<string, string?>? environment = null)
    {
        var configuration = new ConfigurationManager();
        BalancerConfigurationBuilder.Configure(configuration, args, _dir, "Production", environment ?? new Dictionary<string, string?>());
        return BalancerConfigurationReader.Read(configuration);
    }

    [Fact]
    public void DefaultsMatchTheTable()
    {
        var (options, nodes) = Read([]);
        Assert.Empty(nodes);
        Assert.Equal(PolicyKind.RoundRobin, options.Policy);
        Assert.Equal("http://0.0.0.0:5000", options.Urls);
        Assert.Equal(TimeSpan.FromSeconds(600), options.RequestTimeout);
        Assert.Equal(2, options.Retries);
        Assert.Equal(3, options.HeartbeatMisses);
        Assert.True(options.NodeHeader);
        Assert.Null(options.AdminKey);
        Assert.False(options.SessionAffinity);
        Assert.Equal(0.5, options.Prefix.MatchThreshold);
        Assert.Equal(4, options.Prefix.BalanceAbsolute);
        Assert.Equal(1.5, options.Prefix.BalanceRelative);
        Assert.Equal(4_000_000, options.Prefix.TreeCharacters);
        Assert.Equal(TimeSpan.FromMinutes(30), options.Prefix.EntryLifetime);
    }

    [Fact]
    public void ThePrefixPolicyAndItsSettingsAreRead()
    {
        var (options, _) = Read(["--policy", "prefix", "--session-affinity", "true", "--prefix-match-threshold", "0.3", "--prefix-balance-abs", "16",
            "--prefix-balance-rel", "1.25", "--prefix-tree-chars", "100000", "--prefix-ttl", "90"]);
        Assert.Equal(PolicyKind.Prefix, options.Policy);
        Assert.True(options.SessionAffinity);
        Assert.Equal(0.3, options.Prefix.MatchThreshold);
        Assert.Equal(16, options.Prefix.BalanceAbsolute);
        Assert.Equal(1.25, options.Prefix.BalanceRelative);
        Assert.Equal(100_000, options.Prefix.TreeCharacters);
        Assert.Equal(TimeSpan.FromSeconds(90), options.Prefix.EntryLifetime);
        Assert.Equal(PolicyKind.Prefix, Read([], new() { ["SYNAPSE_LB_POLICY"] = "cache_aware" }).Options.Policy);
    }

    [Fact]
    public void BadPrefixSettingsAreReportedNamingThem()
    {
        var error = Assert.Throws<SettingsException>(() => Read(["--prefix-match-threshold", "1.5", "--prefix-balance-abs", "-1",
            "--prefix-balance-rel", "0.5", "--prefix-tree-chars", "10", "--prefix-ttl", "0", "--session-affinity", "sometimes"])).Message;
        foreach (var name in (string[])["SYNAPSE_PREFIX_MATCH_THRESHOLD", "SYNAPSE_PREFIX_BALANCE_ABS", "SYNAPSE_PREFIX_BALANCE_REL", "SYNAPSE_PREFIX_TREE_CHARS",
            "SYNAPSE_PREFIX_TTL", "SYNAPSE_SESSION_AFFINITY"])
        {
            Assert.Contains(name, error, StringComparison.Ordinal);
        }

        Assert.Contains("SYNAPSE_PREFIX_MATCH_THRESHOLD", Assert.Throws<SettingsException>(() => Read(["--prefix-match-threshold", "half"])).Message, StringComparison.Ordinal);
        Assert.True(new BalancerOptionsValidator().Validate(null, new BalancerOptions { Prefix = { MatchThreshold = double.NaN } }).Failed);
    }

    [Fact]
    public void PrecedenceIsDotEnvThenEnvironmentThenAppSettingsThenFlags()
    {
        File.WriteAllText(Path.Combine(_dir, ".env"), "SYNAPSE_RETRIES=1\nSYNAPSE_LB_POLICY=least_requests\nSYNAPSE_BALANCER_PORT=5100\nSYNAPSE_NODES=http://a:8000\n");
        Assert.Equal(1, Read([]).Options.Retries);
        Assert.Equal(3, Read([], new() { ["SYNAPSE_RETRIES"] = "3" }).Options.Retries);
        File.WriteAllText(Path.Combine(_dir, "appsettings.json"), """{"Synapse":{"Retries":4}}""");
        Assert.Equal(4, Read([], new() { ["SYNAPSE_RETRIES"] = "3" }).Options.Retries);
        var (options, nodes) = Read(["--retries", "5", "--policy", "power_of_two"], new() { ["SYNAPSE_RETRIES"] = "3" });
        Assert.Equal(5, options.Retries);
        Assert.Equal(PolicyKind.PowerOfTwoChoices, options.Policy);
        Assert.Equal("http://0.0.0.0:5100", options.Urls);
        Assert.Equal("a:8000", Assert.Single(nodes).Id);
    }

    [Fact]
    public void NodesComeFromTheListAndFromTheReverseProxySection()
    {
        File.WriteAllText(Path.Combine(_dir, "appsettings.json"), """
            {"ReverseProxy":{"Clusters":{"llm":{"LoadBalancingPolicy":"LeastRequests","Destinations":{
              "node1":{"Address":"http://10.0.0.1:8000/"},"node2":{"Address":"http://10.0.0.2:8000"}}}}}}
            """);
        var (options, nodes) = Read([], new() { ["SYNAPSE_NODES"] = "http://127.0.0.1:8000, http://10.0.0.1:8000" });
        // 10.0.0.1:8000 is named twice: the first naming (the list) wins.
        Assert.Equal(["127.0.0.1:8000", "10.0.0.1:8000", "node2"], nodes.Select(n => n.Id).ToArray());
        Assert.Equal(PolicyKind.LeastRequests, options.Policy);
    }

    [Fact]
    public void EveryBadValueIsReportedAtOnceNamingTheSetting()
    {
        var exception = Assert.Throws<SettingsException>(() => Read(
            ["--policy", "random", "--retries", "-1", "--health-interval", "soon", "--node-header", "maybe"],
            new() { ["SYNAPSE_NODES"] = "ftp://x,http://ok:1" }));
        Assert.Contains("SYNAPSE_LB_POLICY", exception.Message, StringComparison.Ordinal);
        Assert.Contains("SYNAPSE_RETRIES", exception.Message, StringComparison.Ordinal);
        Assert.Contains("SYNAPSE_HEALTH_INTERVAL", exception.Message, StringComparison.Ordinal);
        Assert.Contains("SYNAPSE_NODE_HEADER", exception.Message, StringComparison.Ordinal);
        Assert.Contains("ftp://x", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void RangesAndDefaultsComeFromTheOptionsClass()
    {
        var error = Assert.Throws<SettingsException>(() => Read([], new() { ["SYNAPSE_HEARTBEAT_MISSES"] = "0", ["SYNAPSE_RETRIES"] = "101" })).Message;
        Assert.Contains("SYNAPSE_HEARTBEAT_MISSES", error, StringComparison.Ordinal);
        Assert.Contains($"between 0 and {BalancerOptions.MaxRetries}", error, StringComparison.Ordinal);

        // The same validator runs when the host starts (ValidateOnStart), for options configured any other way.
        var result = new BalancerOptionsValidator().Validate(null, new BalancerOptions { HealthyThreshold = 0 });
        Assert.True(result.Failed);
        Assert.Contains("SYNAPSE_HEALTH_HEALTHY_THRESHOLD", result.FailureMessage, StringComparison.Ordinal);
        Assert.True(new BalancerOptionsValidator().Validate(null, new BalancerOptions()).Succeeded);

        Assert.Equal("600", BalancerSettings.RequestTimeout.Default);
        Assert.Equal(new BalancerOptions().RequestTimeout, TimeSpan.FromSeconds(600));
        Assert.Equal("round_robin", BalancerSettings.Policy.Default);
    }

    [Fact]
    public async Task RunAsyncExitsNonZeroOnBadSettings()
    {
        var code = await BalancerApplication.RunAsync(["--policy", "random", "--urls", "http://127.0.0.1:0"], CancellationToken.None);
        Assert.Equal(2, code);
    }

    [Fact]
    public void ReadmeBalancerTableIsTheSettingsTable()
    {
        // The README's balancer table is pasted from BalancerSettings.ToMarkdownTable(); this keeps the two together.
        var readme = File.ReadAllText(Path.Combine(Synapse.Testing.Fixtures.RepositoryRoot, "docs", "configuration.md")).ReplaceLineEndings("\n");
        var table = BalancerSettings.ToMarkdownTable().ReplaceLineEndings("\n");
        Assert.True(readme.Contains(table, StringComparison.Ordinal), "docs/configuration.md's balancer table differs from BalancerSettings.ToMarkdownTable():\n" + table);
    }

    [Fact]
    public void MarkdownTableListsEverySettingOnce()
    {
        var table = BalancerSettings.ToMarkdownTable();
        Assert.All(BalancerSettings.All, s => Assert.Contains($"`{s.EnvironmentVariable}`", table, StringComparison.Ordinal));
        Assert.Equal(BalancerSettings.All.Count, BalancerSettings.All.Select(s => s.EnvironmentVariable).Distinct().Count());
        Assert.Equal(BalancerSettings.All.Count, BalancerSettings.All.Select(s => s.Flag).Distinct().Count());
    }
}
