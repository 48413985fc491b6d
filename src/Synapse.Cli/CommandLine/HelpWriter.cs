namespace Synapse.Cli.CommandLine;

/// <summary>Renders a command's usage line, description and option table.</summary>
public static class HelpWriter
{
    public static void Write(TextWriter writer, string usage, string description, IReadOnlyList<CommandOption> options)
    {
        writer.WriteLine($"Usage: {usage}");
        writer.WriteLine();
        writer.WriteLine(description);
        if (options.Count == 0)
        {
            return;
        }

        writer.WriteLine();
        writer.WriteLine("Options:");
        var rows = options
            .Select(o => (Left: o.TakesValue ? $"{o.Name} {o.ValueName}" : o.Name, Option: o))
            .Append((Left: "-h, --help", Option: new CommandOption("--help", "Show this help.")))
            .ToList();
        var width = rows.Max(r => r.Left.Length) + 2;
        foreach (var (left, option) in rows)
        {
            var text = option.Default is null ? option.Description : $"{option.Description} (default: {option.Default})";
            writer.WriteLine($"  {left.PadRight(width)}{text}");
        }
    }
}
