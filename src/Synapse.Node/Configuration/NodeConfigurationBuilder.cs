using Microsoft.Extensions.Configuration;
using Synapse.Hosting.Settings;

namespace Synapse.Node.Configuration;

/// <summary>The node's configuration sources (see <see cref="SettingsSources"/>) over <see cref="NodeSettings"/>.</summary>
public static class NodeConfigurationBuilder
{
    public static void Configure(IConfigurationManager configuration, string[] args, string workingDirectory, string environmentName,
        IDictionary<string, string?>? environment = null) =>
        SettingsSources.Configure(configuration, NodeSettings.All, args, workingDirectory, environmentName, environment, reloadOnChange: false);
}
