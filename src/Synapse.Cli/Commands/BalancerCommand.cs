using Synapse.Cli.CommandLine;
using Synapse.LoadBalancer;
using Synapse.LoadBalancer.Configuration;

namespace Synapse.Cli.Commands;

/// <summary>
/// <c>synapse balancer</c>: the load balancer. Every argument goes to <see cref="BalancerApplication.RunAsync"/>
/// untouched (its flags, plus ASP.NET's own such as <c>--urls</c>); only the help is answered here, from the
/// balancer's settings table.
/// </summary>
public sealed class BalancerCommand : ICommand
{
    public string Name => "balancer";

    public string Summary => "One OpenAI endpoint in front of many nodes: health checks, failover, streaming (port 5000).";

    public Task<int> RunAsync(IReadOnlyList<string> args, CommandContext context)
    {
        if (args.Any(a => a is "-h" or "--help"))
        {
            WriteHelp(context.Out);
            return Task.FromResult(ExitCodes.Ok);
        }

        return BalancerApplication.RunAsync([.. args], context.CancellationToken);
    }

    private static void WriteHelp(TextWriter writer)
    {
        writer.WriteLine("Usage: synapse balancer --nodes http://127.0.0.1:8000,http://127.0.0.1:8001 [options]");
        writer.WriteLine();
        writer.WriteLine("Spreads OpenAI requests over nodes (from --nodes, the ReverseProxy section of appsettings.json,");
        writer.WriteLine("the admin API, or nodes registering themselves), checks their health and retries failed requests");
        writer.WriteLine("on another node. Each setting comes from, lowest to highest precedence: .env in the working");
        writer.WriteLine("directory, the environment, appsettings.json, the flag. ASP.NET's --urls also sets where it listens.");
        writer.WriteLine();
        writer.WriteLine("Options:");
        var rows = BalancerSettings.All.Select(s => (Left: $"{s.Flag ?? ""} ({s.EnvironmentVariable})", s)).ToList();
        var width = rows.Max(r => r.Left.Length) + 2;
        foreach (var (left, setting) in rows)
        {
            writer.WriteLine($"  {left.PadRight(width)}{setting.Description} (default: {setting.Default})");
        }

        writer.WriteLine($"  {"-h, --help".PadRight(width)}Show this help.");
    }
}
