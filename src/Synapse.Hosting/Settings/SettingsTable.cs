namespace Synapse.Hosting.Settings;

/// <summary>What the node's and the balancer's settings tables derive from their rows: flag mappings and the tables of docs/configuration.md.</summary>
public static class SettingsTable
{
    /// <summary>Command-line switch mappings for <c>AddCommandLine</c>.</summary>
    public static IDictionary<string, string> SwitchMappings(IEnumerable<ISetting> settings) =>
        settings.Where(s => s.Flag is not null).ToDictionary(s => s.Flag!, s => s.ConfigurationPath, StringComparer.OrdinalIgnoreCase);

    /// <summary>A configuration table (docs/configuration.md): one row per setting, in table order.</summary>
    public static string ToMarkdownTable(IEnumerable<ISetting> settings)
    {
        var builder = new System.Text.StringBuilder();
        builder.AppendLine("| Environment variable | Flag | appsettings.json | Default | Meaning |");
        builder.AppendLine("| --- | --- | --- | --- | --- |");
        foreach (var s in settings)
        {
            builder.AppendLine($"| `{s.EnvironmentVariable}` | {(s.Flag is null ? "" : $"`{s.Flag}`")} | `{s.ConfigurationPath}` | {s.Default} | {s.Description} |");
        }

        return builder.ToString();
    }
}
