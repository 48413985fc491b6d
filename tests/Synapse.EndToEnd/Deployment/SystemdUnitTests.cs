namespace Synapse.EndToEnd.Deployment;

/// <summary>deploy/systemd: the units pass systemd-analyze verify where systemd is installed, and keep their sandbox.</summary>
public sealed class SystemdUnitTests
{
    private static readonly string Folder = Path.Combine(Synapse.Testing.Fixtures.RepositoryRoot, "deploy", "systemd");

    [Fact]
    public async Task SystemdAnalyzeVerifiesTheUnits()
    {
        if (OperatingSystem.IsWindows() || Tool.Find("systemd-analyze") is not { } analyze)
        {
            Assert.Skip("systemd-analyze is not installed; the units' directives are checked by the other test.");
            return;
        }

        // verify checks that ExecStart's program exists: the units point at a stand-in here, and the template gets an instance.
        var folder = Directory.CreateTempSubdirectory("synapse-units-").FullName;
        try
        {
            var program = Path.Combine(folder, "synapse");
            await File.WriteAllTextAsync(program, "#!/bin/sh\n");
            File.SetUnixFileMode(program, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            var units = new List<string>();
            foreach (var file in Directory.GetFiles(Folder, "*.service"))
            {
                var name = Path.GetFileName(file).Replace("@.service", "@8000.service", StringComparison.Ordinal);
                var copy = Path.Combine(folder, name);
                await File.WriteAllTextAsync(copy, (await File.ReadAllTextAsync(file)).Replace("/opt/synapse/synapse", program, StringComparison.Ordinal));
                units.Add(copy);
            }

            Assert.Equal(2, units.Count);
            var result = await Tool.RunAsync(analyze, ["verify", .. units]);
            Assert.True(result.ExitCode == 0 && result.Error.Trim().Length == 0, "systemd-analyze verify: " + result);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Theory]
    [InlineData("synapse-node@.service")]
    [InlineData("synapse-balancer.service")]
    public void TheUnitsNotifyDrainAndAreSandboxed(string unit)
    {
        var lines = File.ReadAllLines(Path.Combine(Folder, unit)).Select(l => l.Trim()).Where(l => l.Length > 0 && l[0] != '#').ToList();
        Assert.Contains("Type=notify", lines);
        Assert.Contains("KillSignal=SIGTERM", lines);
        Assert.Contains("User=synapse", lines);
        Assert.Contains("ProtectSystem=strict", lines);
        Assert.Contains("NoNewPrivileges=yes", lines);
        // Writable: the cache only (the node's state directory), nothing for the balancer.
        var writable = lines.Where(l => l.StartsWith("ReadWritePaths=", StringComparison.Ordinal)).ToList();
        Assert.Equal(unit.StartsWith("synapse-node", StringComparison.Ordinal) ? ["ReadWritePaths=/var/lib/synapse"] : [], writable);
        // Secrets as credentials read from files, never on ExecStart.
        var exec = Assert.Single(lines, l => l.StartsWith("ExecStart=", StringComparison.Ordinal));
        Assert.DoesNotContain("key", exec, StringComparison.OrdinalIgnoreCase);
        Assert.Contains(lines, l => l.StartsWith("LoadCredential=", StringComparison.Ordinal));
        if (unit.StartsWith("synapse-node", StringComparison.Ordinal))
        {
            // systemd waits longer than the drain (SYNAPSE_SHUTDOWN_GRACE defaults to 30 s).
            Assert.Contains("TimeoutStopSec=45", lines);
        }
    }
}
