using Microsoft.Extensions.Configuration;
using Synapse.Hosting.Settings;

namespace Synapse.LoadBalancer.Configuration;

/// <summary>
/// The balancer's configuration sources, in the node's order (see <see cref="SettingsSources"/>) over
/// <see cref="BalancerSettings"/>. appsettings.json is reloaded when it changes: node lists (Synapse:Nodes, the
/// ReverseProxy section) and the policy apply without a restart.
/// </summary>
public static class BalancerConfigurationBuilder
{
    /// <exception cref="SettingsException">The <c>.env</c> file cannot be read.</exception>
    public static void Configure(IConfigurationManager configuration, string[] args, string workingDirectory, string environmentName,
        IDictionary<string, string?>? environment = null) =>
        SettingsSources.Configure(configuration, BalancerSettings.All, args, workingDirectory, environmentName, environment, reloadOnChange: true);
}
