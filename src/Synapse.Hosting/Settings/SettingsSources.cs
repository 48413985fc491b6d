using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.FileProviders;

namespace Synapse.Hosting.Settings;

/// <summary>
/// Lays configuration sources in Synapse's order of precedence, lowest first: <c>.env</c> in the working directory,
/// environment variables, appsettings.json (and appsettings.{Environment}.json), command-line flags. Each source
/// understands both a table's documented names (MODEL_NAME, SYNAPSE_NODES, --parallel) and plain .NET configuration
/// keys (Synapse__Parallel, Logging__LogLevel__Default, ASPNETCORE_URLS, --urls). The node and the balancer share it.
/// </summary>
public static class SettingsSources
{
    /// <exception cref="SettingsException">The <c>.env</c> file cannot be read.</exception>
    public static void Configure(IConfigurationManager configuration, IReadOnlyList<ISetting> settings, string[] args,
        string workingDirectory, string environmentName, IDictionary<string, string?>? environment, bool reloadOnChange)
    {
        configuration.Sources.Clear();

        var dotEnv = DotEnvFile.Read(Path.Combine(workingDirectory, ".env"));
        configuration.AddInMemoryCollection(MapVariables(settings, dotEnv));

        var variables = environment ?? ReadEnvironment();
        configuration.AddInMemoryCollection(MapVariables(settings, variables.Where(kv => kv.Value is not null)
            .ToDictionary(kv => kv.Key, kv => kv.Value!, StringComparer.OrdinalIgnoreCase)));

        var files = new PhysicalFileProvider(workingDirectory);
        configuration.AddJsonFile(files, "appsettings.json", optional: true, reloadOnChange);
        configuration.AddJsonFile(files, $"appsettings.{environmentName}.json", optional: true, reloadOnChange);

        configuration.AddCommandLine(args, SettingsTable.SwitchMappings(settings));
    }

    /// <summary>Maps variables the way the environment-variable provider does, plus the table's documented names.</summary>
    public static Dictionary<string, string?> MapVariables(IReadOnlyList<ISetting> settings, IReadOnlyDictionary<string, string> variables)
    {
        var byVariable = settings.ToDictionary(s => s.EnvironmentVariable, StringComparer.OrdinalIgnoreCase);
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

    private static Dictionary<string, string?> ReadEnvironment()
    {
        var result = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        foreach (System.Collections.DictionaryEntry entry in Environment.GetEnvironmentVariables())
        {
            result[(string)entry.Key] = entry.Value as string;
        }

        return result;
    }
}
