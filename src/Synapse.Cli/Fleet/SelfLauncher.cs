using System.Diagnostics;
using System.Reflection;

namespace Synapse.Cli.Fleet;

/// <summary>
/// How to start another <c>synapse</c> of the same build: the apphost itself (<c>./synapse</c>, which runs the built
/// apphost through <c>dotnet run</c>), or <c>dotnet synapse.dll</c> when this process is the <c>dotnet</c> host.
/// </summary>
public sealed record SelfLauncher(string FileName, IReadOnlyList<string> PrefixArguments)
{
    public static SelfLauncher Current()
    {
        var processPath = Environment.ProcessPath ?? throw new InvalidOperationException("The path of this process is unknown.");
        var host = Path.GetFileNameWithoutExtension(processPath);
        if (string.Equals(host, "dotnet", StringComparison.OrdinalIgnoreCase))
        {
            var entry = Assembly.GetEntryAssembly()?.Location;
            if (string.IsNullOrEmpty(entry))
            {
                throw new InvalidOperationException("Cannot find synapse.dll to start the fleet's processes.");
            }

            return new SelfLauncher(processPath, [entry]);
        }

        return new SelfLauncher(processPath, []);
    }

    /// <summary>Runs <c>dotnet <paramref name="synapseDll"/></c> (tests, and any caller that is not synapse itself).</summary>
    public static SelfLauncher ForDll(string synapseDll) => new(DotnetHost(), [synapseDll]);

    public ProcessStartInfo StartInfo(IEnumerable<string> arguments)
    {
        var info = new ProcessStartInfo(FileName)
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = false,
        };
        foreach (var argument in PrefixArguments.Concat(arguments))
        {
            info.ArgumentList.Add(argument);
        }

        return info;
    }

    private static string DotnetHost()
    {
        var fromEnvironment = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH");
        if (!string.IsNullOrEmpty(fromEnvironment) && File.Exists(fromEnvironment))
        {
            return fromEnvironment;
        }

        var processPath = Environment.ProcessPath;
        return processPath is not null && string.Equals(Path.GetFileNameWithoutExtension(processPath), "dotnet", StringComparison.OrdinalIgnoreCase)
            ? processPath
            : "dotnet";
    }
}
