using Synapse.Cli.CommandLine;
using Synapse.Node;
using Synapse.Node.Configuration;

namespace Synapse.Cli.Commands;

/// <summary>
/// <c>synapse node</c>: the node itself. Every argument goes to <see cref="NodeApplication.RunAsync"/> untouched
/// (its flags, plus ASP.NET's own such as <c>--urls</c>); only the help is answered here, from the node's settings table.
/// </summary>
public sealed class NodeCommand : ICommand
{
    public string Name => "node";

    public string Summary => "Serve a model (Hugging Face name or GGUF) through the OpenAI API (chat, completions, models, health, metrics).";

    public Task<int> RunAsync(IReadOnlyList<string> args, CommandContext context)
    {
        if (args.Any(a => a is "-h" or "--help"))
        {
            WriteHelp(context.Out);
            return Task.FromResult(ExitCodes.Ok);
        }

        return NodeApplication.RunAsync([.. args], context.CancellationToken);
    }

    private static void WriteHelp(TextWriter writer)
    {
        writer.WriteLine("Usage: synapse node [--model MODEL] [options]");
        writer.WriteLine();
        writer.WriteLine("Serves one model through an OpenAI-compatible API. Each setting comes from, lowest to highest");
        writer.WriteLine("precedence: .env in the working directory, the environment, appsettings.json, the flag.");
        writer.WriteLine("ASP.NET's --urls / ASPNETCORE_URLS also set where it listens.");
        writer.WriteLine();
        writer.WriteLine("Options:");
        var rows = NodeSettings.All.Select(s => (Left: $"{s.Flag ?? ""} ({s.EnvironmentVariable})", s)).ToList();
        var width = rows.Max(r => r.Left.Length) + 2;
        foreach (var (left, setting) in rows)
        {
            writer.WriteLine($"  {left.PadRight(width)}{setting.Description} (default: {setting.Default})");
        }

        writer.WriteLine($"  {"-h, --help".PadRight(width)}Show this help.");
    }
}
