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

    /// <summary>The suffix that makes a variable name a file holding the setting's value (<c>SYNAPSE_ADMIN_KEY_FILE</c>).</summary>
    public const string FileSuffix = "_FILE";

    /// <summary>
    /// Maps variables the way the environment-variable provider does, plus the table's documented names, plus
    /// <c>NAME_FILE</c> for a documented <c>NAME</c>: the file's content (trailing whitespace trimmed) is the value,
    /// so secrets come from Kubernetes secret volumes or systemd credentials, never from a command line `ps` shows.
    /// <c>NAME</c> itself wins over <c>NAME_FILE</c>.
    /// </summary>
    /// <exception cref="SettingsException">A <c>NAME_FILE</c> file cannot be read.</exception>
    public static Dictionary<string, string?> MapVariables(IReadOnlyList<ISetting> settings, IReadOnlyDictionary<string, string> variables)
    {
        var byVariable = settings.ToDictionary(s => s.EnvironmentVariable, StringComparer.OrdinalIgnoreCase);
        var mapped = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        var fromFiles = new List<(ISetting Setting, string Variable, string Path)>();
        foreach (var (name, value) in variables)
        {
            if (byVariable.TryGetValue(name, out var setting))
            {
                mapped[setting.ConfigurationPath] = value;
                continue;
            }

            if (name.EndsWith(FileSuffix, StringComparison.OrdinalIgnoreCase) && byVariable.TryGetValue(name[..^FileSuffix.Length], out var secret))
            {
                fromFiles.Add((secret, name, value));
                continue;
            }

            var key = name.Replace("__", ":", StringComparison.Ordinal);
            if (key.StartsWith("ASPNETCORE_", StringComparison.OrdinalIgnoreCase))
            {
                key = key["ASPNETCORE_".Length..];
            }

            mapped.TryAdd(key, value);
        }

        foreach (var (setting, variable, path) in fromFiles)
        {
            if (!variables.ContainsKey(setting.EnvironmentVariable))
            {
                mapped[setting.ConfigurationPath] = ReadSecret(variable, path);
            }
        }

        return mapped;
    }

    private static string ReadSecret(string variable, string path)
    {
        try
        {
            return File.ReadAllText(path).TrimEnd();
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            throw new SettingsException($"{variable}: cannot read '{path}' ({exception.Message}).");
        }
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
