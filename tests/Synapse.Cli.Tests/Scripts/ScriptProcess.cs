using System.Diagnostics;
using Synapse.Testing;

namespace Synapse.Cli.Tests.Scripts;

/// <summary>
/// Runs the checkout's entry scripts (<c>./synapse</c>, <c>synapse.ps1</c>, <c>test.sh</c>, <c>test.ps1</c>) with
/// stand-in <c>dotnet</c> and <c>npm</c> programs first on the PATH that record their arguments, so a test compares
/// what each script runs without running it.
/// </summary>
internal sealed class ScriptProcess : IDisposable
{
    private readonly string _bin = Directory.CreateTempSubdirectory("synapse-scripts-").FullName;

    public ScriptProcess(string dotnetOutput = "", int dotnetExitCode = 0)
    {
        // One line per argument between brackets, so empty arguments and spaces show; one block per call. The pwsh
        // tool's launcher starts PowerShell itself through the dotnet on the PATH: that call goes to the real one.
        WriteProgram("dotnet", $"case \"${{1:-}}\" in */pwsh.dll) exec '{RealDotnet()}' \"$@\";; esac\n" +
            $"{{ echo \"dotnet $(pwd)\"; for a in \"$@\"; do printf '[%s]\\n' \"$a\"; done; }} >> '{CallsPath}'\n" +
            $"printf '%s' '{dotnetOutput.Replace("'", "'\\''", StringComparison.Ordinal)}'\nexit {dotnetExitCode}\n");
        WriteProgram("npm", $"{{ echo \"npm $(pwd)\"; for a in \"$@\"; do printf '[%s]\\n' \"$a\"; done; }} >> '{CallsPath}'\n");
    }

    public string CallsPath => Path.Combine(_bin, "calls.txt");

    public string Calls => File.Exists(CallsPath) ? File.ReadAllText(CallsPath) : "";

    /// <summary>
    /// PowerShell from the tool test.sh installs (<c>.tools/pwsh</c>) or the PATH; skips without it, except under
    /// SYNAPSE_REQUIRE_FIXTURES=1 (CI), where test.sh has installed it.
    /// </summary>
    public static string RequirePwsh()
    {
        var local = Path.Combine(Fixtures.RepositoryRoot, ".tools", "pwsh", OperatingSystem.IsWindows() ? "pwsh.exe" : "pwsh");
        if (File.Exists(local))
        {
            return local;
        }

        var onPath = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator)
            .Select(d => Path.Combine(d, OperatingSystem.IsWindows() ? "pwsh.exe" : "pwsh")).FirstOrDefault(File.Exists);
        if (onPath is not null)
        {
            return onPath;
        }

        var message = $"PowerShell is not installed ({local}); ./test.sh installs it with `dotnet tool install PowerShell --version 7.6.10 --tool-path .tools/pwsh`.";
        if (Fixtures.Required)
        {
            throw new FileNotFoundException(message + " SYNAPSE_REQUIRE_FIXTURES is set, so this is a failure.");
        }

        Assert.Skip(message);
        return null!;
    }

    /// <summary>Runs <paramref name="program"/> with the stand-ins first on the PATH; returns the exit code and the output.</summary>
    public async Task<(int ExitCode, string Output)> RunAsync(string program, IEnumerable<string> arguments, bool standIns = true)
    {
        var info = new ProcessStartInfo(program)
        {
            WorkingDirectory = Fixtures.RepositoryRoot,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        if (standIns)
        {
            info.Environment["PATH"] = _bin + Path.PathSeparator + Environment.GetEnvironmentVariable("PATH");
        }

        // The pwsh tool is a framework-dependent program: it finds the runtime through DOTNET_ROOT, not the PATH.
        if (string.IsNullOrEmpty(Environment.GetEnvironmentVariable("DOTNET_ROOT")) && DotnetRoot() is { } root)
        {
            info.Environment["DOTNET_ROOT"] = root;
        }

        info.Environment["POWERSHELL_TELEMETRY_OPTOUT"] = "1";
        info.Environment["POWERSHELL_UPDATECHECK"] = "Off";
        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await output + await error);
    }

    public void Dispose() => Directory.Delete(_bin, recursive: true);

    private static string? DotnetRoot() => RealDotnet() is { } dotnet && Path.IsPathRooted(dotnet) ? Path.GetDirectoryName(dotnet) : null;

    private static string RealDotnet()
    {
        var host = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH");
        if (!string.IsNullOrEmpty(host) && File.Exists(host))
        {
            return host;
        }

        return Environment.ProcessPath is { } process && Path.GetFileNameWithoutExtension(process) == "dotnet" ? process : "/usr/bin/dotnet";
    }

    private void WriteProgram(string name, string body)
    {
        var path = Path.Combine(_bin, name);
        File.WriteAllText(path, "#!/usr/bin/env bash\n" + body);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, File.GetUnixFileMode(path) | UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute);
        }
    }
}
