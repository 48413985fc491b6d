using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Primitives;
using Synapse.LoadBalancer.Nodes;
using Synapse.LoadBalancer.Proxy;

namespace Synapse.LoadBalancer.Configuration;

/// <summary>
/// Applies node-list changes in appsettings.json (Synapse:Nodes, the ReverseProxy section) while running: new
/// nodes join, removed ones leave (YARP's configuration follows the pool); and the policy. A broken edit is logged and ignored, the running list stays.
/// Other settings (ports, keys, timeouts) take a restart.
/// </summary>
public sealed partial class ConfigurationWatcher(IConfiguration configuration, NodePool pool, NodeProxyConfigProvider proxyConfig, BalancerOptions options,
    ILogger<ConfigurationWatcher> logger) : IHostedService
{
    private IDisposable? _subscription;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _subscription = ChangeToken.OnChange(configuration.GetReloadToken, Apply);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        _subscription?.Dispose();
        return Task.CompletedTask;
    }

    private void Apply()
    {
        var errors = new List<string>();
        var nodes = ConfiguredNodesReader.Read(configuration, errors);
        if (errors.Count > 0)
        {
            LogRejected(string.Join("; ", errors));
            return;
        }

        pool.SyncConfigured(nodes);

        var policyText = configuration[BalancerSettings.Policy.ConfigurationPath];
        if (string.IsNullOrWhiteSpace(policyText))
        {
            policyText = ConfiguredNodesReader.ReadYarpPolicy(configuration);
        }

        var policy = PolicyKind.RoundRobin;
        if (!string.IsNullOrWhiteSpace(policyText) && !BalancerConfigurationReader.TryParsePolicy(policyText, out policy))
        {
            LogRejected($"{BalancerSettings.Policy.DisplayName}: '{policyText}' is not a policy");
            return;
        }

        if (policy != options.Policy)
        {
            options.Policy = policy;
            proxyConfig.Update();
            LogPolicy(BalancerConfigurationReader.Name(policy));
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Load-balancing policy is now {Policy}")]
    private partial void LogPolicy(string policy);

    [LoggerMessage(Level = LogLevel.Error, Message = "Configuration change ignored, the node list stays as it was: {Errors}")]
    private partial void LogRejected(string errors);
}
