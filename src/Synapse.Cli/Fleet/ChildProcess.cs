using System.Diagnostics;

namespace Synapse.Cli.Fleet;

/// <summary>One process of the fleet: started with its output forwarded line by line, stopped with SIGTERM, then killed after a grace period.</summary>
public sealed class ChildProcess : IDisposable
{
    private readonly Process _process;

    private ChildProcess(string name, Process process)
    {
        Name = name;
        _process = process;
        Exited = WaitForExitAsync();
    }

    public string Name { get; }

    public int ProcessId => _process.Id;

    /// <summary>Completes with the exit code once the process has ended and its output is drained.</summary>
    public Task<int> Exited { get; }

    public static ChildProcess Start(string name, SelfLauncher launcher, IEnumerable<string> arguments, PrefixedLog log)
    {
        ArgumentNullException.ThrowIfNull(launcher);
        ArgumentNullException.ThrowIfNull(log);
        var process = new Process { StartInfo = launcher.StartInfo(arguments), EnableRaisingEvents = true };
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                log.Write(name, e.Data);
            }
        };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                log.Write(name, e.Data);
            }
        };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return new ChildProcess(name, process);
    }

    /// <summary>Asks the process to stop (SIGTERM: a node drains, a balancer stops listening); Windows has no such signal, so it is killed.</summary>
    public void RequestStop()
    {
        if (Exited.IsCompleted)
        {
            return;
        }

        if (!PosixSignals.TryTerminate(_process.Id))
        {
            Kill();
        }
    }

    /// <summary>Stops gracefully, killing the process if it has not ended within <paramref name="grace"/>.</summary>
    public async Task<int> StopAsync(TimeSpan grace)
    {
        RequestStop();
        try
        {
            return await Exited.WaitAsync(grace).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            Kill();
            return await Exited.ConfigureAwait(false);
        }
    }

    public void Kill()
    {
        try
        {
            _process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
    }

    public void Dispose() => _process.Dispose();

    private async Task<int> WaitForExitAsync()
    {
        await _process.WaitForExitAsync().ConfigureAwait(false);
        return _process.ExitCode;
    }
}
