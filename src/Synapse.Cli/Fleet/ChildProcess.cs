using System.Diagnostics;
using Synapse.Hosting.Startup;

namespace Synapse.Cli.Fleet;

/// <summary>
/// One process of the fleet: started with its output forwarded line by line, asked to stop (SIGTERM, or a line on its
/// standard input on Windows), then killed after a grace period.
/// </summary>
public sealed class ChildProcess : IDisposable
{
    private readonly Process _process;
    private readonly ChildStopMode _stopMode;
    private readonly Lock _stdinGate = new();

    private ChildProcess(string name, Process process, ChildStopMode stopMode)
    {
        Name = name;
        _process = process;
        _stopMode = stopMode;
        Exited = WaitForExitAsync();
    }

    /// <summary>Signals where the platform has them; the standard-input channel on Windows.</summary>
    public static ChildStopMode DefaultStopMode => OperatingSystem.IsWindows() ? ChildStopMode.StandardInput : ChildStopMode.Signal;

    public string Name { get; }

    public int ProcessId => _process.Id;

    /// <summary>Completes with the exit code once the process has ended and its output is drained.</summary>
    public Task<int> Exited { get; }

    public static ChildProcess Start(string name, SelfLauncher launcher, IEnumerable<string> arguments, PrefixedLog log) =>
        Start(name, launcher, arguments, log, DefaultStopMode);

    public static ChildProcess Start(string name, SelfLauncher launcher, IEnumerable<string> arguments, PrefixedLog log, ChildStopMode stopMode)
    {
        ArgumentNullException.ThrowIfNull(launcher);
        ArgumentNullException.ThrowIfNull(log);
        var startInfo = launcher.StartInfo(arguments);
        if (stopMode == ChildStopMode.StandardInput)
        {
            startInfo.RedirectStandardInput = true;
            startInfo.Environment[StopChannel.Variable] = StopChannel.StandardInput;
        }

        var process = new Process { StartInfo = startInfo, EnableRaisingEvents = true };
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
        return new ChildProcess(name, process, stopMode);
    }

    /// <summary>
    /// Asks the process to stop (a node drains, a balancer stops listening): a <c>stop</c> line on its standard input
    /// that then closes, or SIGTERM; a process that can be reached by neither is killed.
    /// </summary>
    public void RequestStop()
    {
        if (Exited.IsCompleted)
        {
            return;
        }

        if (_stopMode == ChildStopMode.StandardInput ? !TryWriteStop() : !PosixSignals.TryTerminate(_process.Id))
        {
            Kill();
        }
    }

    private bool TryWriteStop()
    {
        lock (_stdinGate)
        {
            try
            {
                var input = _process.StandardInput;
                input.WriteLine(StopChannel.StopLine);
                input.Flush();
                input.Close();
                return true;
            }
            catch (IOException)
            {
                return Exited.IsCompleted; // the pipe broke because the child is gone: nothing to kill
            }
            catch (ObjectDisposedException)
            {
                return true; // asked before: the input is already closed
            }
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
