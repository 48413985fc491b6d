using System.Diagnostics;
using Synapse.Testing;

namespace Synapse.Cli.Tests.Scripts;

/// <summary>
/// The entry scripts for Windows do what the bash ones do: <c>synapse.ps1</c> and <c>test.ps1</c> run under PowerShell
/// (here on Linux, the PowerShell tool test.sh installs) and run the same commands with the same arguments as
/// <c>./synapse</c> and <c>./test.sh</c>; <c>synapse.cmd</c> is a thin wrapper over that same command; and
/// <c>.gitattributes</c> keeps every script's line endings on a Windows clone.
/// </summary>
public sealed class EntryScriptTests
{
    private static readonly string Root = Fixtures.RepositoryRoot;

    // What a Windows user passes: a drive-letter path with spaces and backslashes, quotes, an empty argument, '--',
    // characters a shell would expand, and non-ASCII text.
    private static readonly string[] TrickyArguments =
        ["node", "--model", @"C:\My Models\qwen 0.5b.gguf", "--api-key-file=keys\\api keys.txt", "say \"hi\" 'there'", "", "--", "$HOME", "*", "%PATH%", "ünï cödé", "-x"];

    private static void SkipOnWindows()
    {
        if (OperatingSystem.IsWindows())
        {
            Assert.Skip("The stand-in dotnet and npm are bash scripts; on Windows run the scripts themselves.");
        }
    }

    [Fact]
    public async Task Synapse_ps1_runs_the_bash_scripts_command_with_the_arguments_untouched()
    {
        SkipOnWindows();
        var pwsh = ScriptProcess.RequirePwsh();
        using var bash = new ScriptProcess(dotnetExitCode: 3);
        var (bashCode, bashOutput) = await bash.RunAsync("bash", ["./synapse", .. TrickyArguments]);
        using var ps = new ScriptProcess(dotnetExitCode: 3);
        var (psCode, psOutput) = await ps.RunAsync(pwsh, ["-NoProfile", "-NonInteractive", "-File", "./synapse.ps1", .. TrickyArguments]);

        var expected = $"dotnet {Root}\n[run]\n[--project]\n[{Root}/src/Synapse.Cli]\n[-c]\n[Release]\n[--verbosity]\n[quiet]\n[--]\n" +
            string.Concat(TrickyArguments.Select(a => $"[{a}]\n"));
        Assert.Equal(expected, bash.Calls);
        Assert.True(expected == ps.Calls, $"synapse.ps1 ran:\n{ps.Calls}\nbut ./synapse ran:\n{bash.Calls}\n{psOutput}");
        // The exit code of synapse comes back from either script.
        Assert.Equal(3, bashCode);
        Assert.True(psCode == 3, psOutput);
        Assert.Empty(bashOutput);

        // Typed in PowerShell itself, where PowerShell parses the line first: *, unquoted lists, numbers and -name:value
        // still reach synapse as typed (a bare `--` is PowerShell's own, as for any script; `pwsh -File` splits
        // -name:value at its colon before the script sees it, so from the Command Prompt use synapse.cmd).
        using var typed = new ScriptProcess();
        var (_, typedOutput) = await typed.RunAsync(pwsh, ["-NoProfile", "-NonInteractive", "-Command",
            "& ./synapse.ps1 balancer --nodes http://a:8000,http://b:8001 --health-interval 0.5 --port 5000 * 'C:\\My Models\\x.gguf' --api-key-file=D:\\keys.txt -x:1"]);
        Assert.True(typed.Calls.EndsWith("[--]\n[balancer]\n[--nodes]\n[http://a:8000,http://b:8001]\n[--health-interval]\n[0.5]\n[--port]\n[5000]\n[*]\n[C:\\My Models\\x.gguf]\n[--api-key-file=D:\\keys.txt]\n[-x:1]\n", StringComparison.Ordinal),
            typed.Calls + typedOutput);
    }

    [Fact]
    public async Task Test_ps1_runs_the_steps_of_test_sh_and_closes_with_the_same_line()
    {
        SkipOnWindows();
        var pwsh = ScriptProcess.RequirePwsh();
        // What `dotnet test` prints for three assemblies, one with failures, and its exit code then.
        const string vstest =
            "Passed!  - Failed:     0, Passed:    12, Skipped:     1, Total:    13, Duration: 1 s - A.Tests.dll (net10.0)\n" +
            "some test output\n" +
            "Failed!  - Failed:     2, Passed:     3, Skipped:     0, Total:     5, Duration: 2 s - B.Tests.dll (net10.0)\n" +
            "Skipped! - Failed:     0, Passed:     0, Skipped:     4, Total:     4, Duration: 1 ms - C.Tests.dll (net10.0)\n";
        using var bash = new ScriptProcess(vstest, dotnetExitCode: 1);
        var (bashCode, bashOutput) = await bash.RunAsync("bash", ["./test.sh", "--filter", "Name~x y"]);
        using var ps = new ScriptProcess(vstest, dotnetExitCode: 1);
        var (psCode, psOutput) = await ps.RunAsync(pwsh, ["-NoProfile", "-NonInteractive", "-File", "./test.ps1", "--filter", "Name~x y"]);

        Assert.Contains($"dotnet {Root}\n[test]\n[Synapse.slnx]\n[-c]\n[Release]\n[--filter]\n[Name~x y]\n", bash.Calls, StringComparison.Ordinal);
        Assert.True(bash.Calls == ps.Calls, $"test.ps1 ran:\n{ps.Calls}\nbut test.sh ran:\n{bash.Calls}\n{psOutput}");
        const string closing = "Tests: 15 passed, 2 failed, 5 skipped";
        Assert.EndsWith(closing, bashOutput.TrimEnd(), StringComparison.Ordinal);
        Assert.True(psOutput.TrimEnd().EndsWith(closing, StringComparison.Ordinal), psOutput);
        // The test output itself is shown, as tee shows it.
        Assert.Contains("some test output", psOutput, StringComparison.Ordinal);
        Assert.Equal(1, bashCode);
        Assert.Equal(1, psCode);
    }

    [Fact]
    public void Synapse_cmd_only_forwards_to_the_bash_scripts_command()
    {
        var bash = File.ReadAllLines(Path.Combine(Root, "synapse")).Single(l => l.StartsWith("exec ", StringComparison.Ordinal))["exec ".Length..];
        var bytes = File.ReadAllText(Path.Combine(Root, "synapse.cmd"));
        var lines = bytes.Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        // Nothing but: echo off, remarks, the one command, and passing its exit code on.
        Assert.Equal("@echo off", lines[0]);
        var commands = lines.Skip(1).Where(l => !l.StartsWith("rem ", StringComparison.OrdinalIgnoreCase)).ToList();
        Assert.Equal(2, commands.Count);
        Assert.Equal("exit /b %ERRORLEVEL%", commands[1]);
        // The same command: $root/ is %~dp0 (the script's folder, with its separator), "$@" is %*.
        var translated = bash.Replace("\"$root/src/Synapse.Cli\"", "\"%~dp0src\\Synapse.Cli\"", StringComparison.Ordinal)
            .Replace("\"$@\"", "%*", StringComparison.Ordinal);
        Assert.Equal(translated, commands[0]);
        Assert.DoesNotContain("\n", bytes.Replace("\r\n", "", StringComparison.Ordinal), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Gitattributes_keep_every_scripts_line_endings()
    {
        var scripts = new Dictionary<string, string>
        {
            ["synapse"] = "lf", ["test.sh"] = "lf", [".ci/run"] = "lf", ["bench/balancer-bench.sh"] = "lf", ["bench/convert-benchmark.sh"] = "lf",
            ["synapse.ps1"] = "lf", ["test.ps1"] = "lf", ["release.sh"] = "lf", ["release.ps1"] = "lf", ["synapse.cmd"] = "crlf",
            ["bench/replay-bench.sh"] = "lf", ["bench/fleet-replay-bench.sh"] = "lf", ["bench/constrained-bench.sh"] = "lf",
            ["bench/soak-replay.sh"] = "lf", ["bench/embeddings-bench.sh"] = "lf",
            ["bench/cold-prefill-bench.sh"] = "lf", ["bench/ggml-build-bench.sh"] = "lf",
        };
        Assert.All(scripts.Keys, s => Assert.True(File.Exists(Path.Combine(Root, s)), s));
        var info = new ProcessStartInfo("git") { WorkingDirectory = Root, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[] { "check-attr", "eol", "--" }.Concat(scripts.Keys))
        {
            info.ArgumentList.Add(argument);
        }

        Process git;
        try
        {
            git = Process.Start(info)!;
        }
        catch (System.ComponentModel.Win32Exception) when (!Fixtures.Required)
        {
            Assert.Skip("git is not installed.");
            return;
        }

        using (git)
        {
            var output = await git.StandardOutput.ReadToEndAsync();
            await git.WaitForExitAsync();
            if (git.ExitCode != 0 && !Fixtures.Required)
            {
                Assert.Skip("Not a git checkout: " + await git.StandardError.ReadToEndAsync());
            }

            foreach (var (script, eol) in scripts)
            {
                Assert.Contains($"{script}: eol: {eol}\n", output, StringComparison.Ordinal);
            }
        }

        // Every script in the checkout is covered: a new one needs its line in .gitattributes (and here).
        var shebangs = Directory.EnumerateFiles(Root, "*", SearchOption.TopDirectoryOnly).Concat(Directory.EnumerateFiles(Path.Combine(Root, "bench")))
            .Where(f => File.ReadLines(f).FirstOrDefault()?.StartsWith("#!", StringComparison.Ordinal) == true)
            .Select(f => Path.GetRelativePath(Root, f).Replace('\\', '/'));
        Assert.All(shebangs, s => Assert.Contains(s, scripts.Keys));
    }
}
