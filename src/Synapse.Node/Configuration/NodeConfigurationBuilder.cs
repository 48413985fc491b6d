using Microsoft.Extensions.Configuration;

namespace Synapse.Node.Configuration;

/// <summary>
/// Lays the configuration sources in the node's order of precedence, lowest first: <c>.env</c> in the working
/// directory, environment variables, appsettings.json (and appsettings.{Environment}.json), command-line flags.
/// Each source understands both the documented names (MODEL_NAME, SYNAPSE_PARALLEL, --parallel) and plain
/// .NET configuration keys (Synapse__Parallel, Logging__LogLevel__Default, ASPNETCORE_URLS, --urls).
/// </summary>
public static class NodeConfigurationBuilder
{
    public static void Configure(IConfigurationManager configuration, string[] args, string workingDirectory, string environmentName,
        IDictionary<string, string?>? environment = null)
    {
        configuration.Sources.Clear();

        var dotEnv = DotEnvFile.Read(Path.Combine(workingDirectory, ".env"));
        configuration.AddInMemoryCollection(MapVariables(dotEnv));

        var variables = environment ?? ReadEnvironment();
        configuration.AddInMemoryCollection(MapVariables(variables.Where(kv => kv.Value is not null)
            .ToDictionary(kv => kv.Key, kv => kv.Value!, StringComparer.OrdinalIgnoreCase)));

        configuration.AddJsonFile(new Microsoft.Extensions.FileProviders.PhysicalFileProvider(workingDirectory), "appsettings.json", optional: true, reloadOnChange: false);
        configuration.AddJsonFile(new Microsoft.Extensions.FileProviders.PhysicalFileProvider(workingDirectory), $"appsettings.{environmentName}.json", optional: true, reloadOnChange: false);

        configuration.AddCommandLine(args, NodeSettings.SwitchMappings());
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
        var byVariable = NodeSettings.All.ToDictionary(s => s.EnvironmentVariable, StringComparer.OrdinalIgnoreCase);
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
