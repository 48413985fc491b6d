using System.Runtime.InteropServices;
using Microsoft.Extensions.Hosting;

namespace Synapse.Hosting.Startup;

/// <summary>
/// Ctrl+C, SIGTERM and SIGQUIT as a stop, in place of the console lifetime. A stop that arrives while the host is
/// still starting waits until start-up is done: the console lifetime would cancel the start, and the host would
/// log the cancelled start as "Hosting failed to start" with a TaskCanceledException. A second signal during
/// start-up ends the process at once, so a start that hangs can still be left.
/// </summary>
internal sealed class SignalLifetime(IHostApplicationLifetime lifetime) : IHostLifetime, IDisposable
{
    private readonly List<PosixSignalRegistration> _signals = [];
    private CancellationTokenRegistration _started;
    private int _isStarted;
    private int _stopRequested;

    public Task WaitForStartAsync(CancellationToken cancellationToken)
    {
        _started = lifetime.ApplicationStarted.Register(() =>
        {
            Interlocked.Exchange(ref _isStarted, 1);
            if (Volatile.Read(ref _stopRequested) == 1)
            {
                lifetime.StopApplication();
            }
        });
        foreach (var signal in new[] { PosixSignal.SIGINT, PosixSignal.SIGTERM, PosixSignal.SIGQUIT })
        {
            try
            {
                _signals.Add(PosixSignalRegistration.Create(signal, OnSignal));
            }
            catch (PlatformNotSupportedException)
            {
                // Not every signal exists everywhere (SIGTERM on some Windows hosts).
            }
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Stops the application now, or as soon as start-up is done.</summary>
    public void RequestStop()
    {
        Interlocked.Exchange(ref _stopRequested, 1);
        if (Volatile.Read(ref _isStarted) == 1)
        {
            lifetime.StopApplication();
        }
    }

    private void OnSignal(PosixSignalContext context)
    {
        if (Volatile.Read(ref _isStarted) == 0 && Volatile.Read(ref _stopRequested) == 1)
        {
            return; // the second signal while starting: the default handling ends the process
        }

        context.Cancel = true;
        RequestStop();
    }

    public void Dispose()
    {
        _started.Dispose();
        foreach (var signal in _signals)
        {
            signal.Dispose();
        }
    }
}
