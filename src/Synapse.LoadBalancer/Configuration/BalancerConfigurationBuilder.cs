using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.FileProviders;
using Synapse.Node.Configuration;

namespace Synapse.LoadBalancer.Configuration;

/// <summary>
/// Lays the configuration sources in the node's order of precedence, lowest first: <c>.env</c> in the working
/// directory, environment variables, appsettings.json (and appsettings.{Environment}.json, both reloaded when they
/// change), command-line flags. Each source understands the documented names (SYNAPSE_NODES, --policy) and plain
/// .NET keys (Synapse__Nodes, ReverseProxy__Clusters__…, ASPNETCORE_URLS, --urls).
/// </summary>
public static class BalancerConfigurationBuilder
{
    public static void Configure(IConfigurationManager configuration, string[] args, string workingDirectory, string environmentName,
        IDictionary<string, string?>? environment = null)
    {
        configuration.Sources.Clear();

        IReadOnlyDictionary<string, string> dotEnv;
        try
        {
            dotEnv = DotEnvFile.Read(Path.Combine(workingDirectory, ".env"));
        }
        catch (NodeConfigurationException exception)
        {
            throw new BalancerConfigurationException(exception.Message);
        }

        configuration.AddInMemoryCollection(MapVariables(dotEnv));

        var variables = environment ?? ReadEnvironment();
        configuration.AddInMemoryCollection(MapVariables(variables.Where(kv => kv.Value is not null)
            .ToDictionary(kv => kv.Key, kv => kv.Value!, StringComparer.OrdinalIgnoreCase)));

        // Reloaded on change: node lists (Synapse:Nodes, the ReverseProxy section) apply without a restart.
        var files = new PhysicalFileProvider(workingDirectory);
        configuration.AddJsonFile(files, "appsettings.json", optional: true, reloadOnChange: true);
        configuration.AddJsonFile(files, $"appsettings.{environmentName}.json", optional: true, reloadOnChange: true);

        configuration.AddCommandLine(args, BalancerSettings.SwitchMappings());
    }

    private static Dictionary<string, string?> ReadEnvironment()
    {
        var result = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        foreach (System.Collections.DictionaryEntry entry in Environment.GetEnvironmentVariables())
        {
            result[(string)entry.Key] = entry.Value as string;
        }

        return result;
    }

    /// <summary>Maps variables the way the environment-variable provider does, plus the documented setting names.</summary>
    internal static Dictionary<string, string?> MapVariables(IReadOnlyDictionary<string, string> variables)
    {
        var byVariable = BalancerSettings.All.ToDictionary(s => s.EnvironmentVariable, StringComparer.OrdinalIgnoreCase);
        var mapped = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, value) in variables)
        {
            if (byVariable.TryGetValue(name, out var setting))
            {
                mapped[setting.ConfigurationPath] = value;
                continue;
            }

            var key = name.Replace("__", ":", StringComparison.Ordinal);
            if (key.StartsWith("ASPNETCORE_", StringComparison.OrdinalIgnoreCase))
            {
                key = key["ASPNETCORE_".Length..];
            }

            mapped.TryAdd(key, value);
        }

        return mapped;
    }
}
