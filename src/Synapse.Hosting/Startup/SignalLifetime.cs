using System.Runtime.InteropServices;
using Microsoft.Extensions.Hosting;

namespace Synapse.Hosting.Startup;

/// <summary>
/// Ctrl+C, SIGTERM and SIGQUIT as a stop, in place of the console lifetime; on Windows also closing the console
/// window (SIGHUP there), and, when <paramref name="stopInput"/> is given, the <see cref="StopChannel"/> on standard
/// input that <c>synapse up</c> uses where there are no signals. A stop that arrives while the host is
/// still starting waits until start-up is done: the console lifetime would cancel the start, and the host would
/// log the cancelled start as "Hosting failed to start" with a TaskCanceledException. A second signal during
/// start-up ends the process at once, so a start that hangs can still be left.
/// </summary>
internal sealed class SignalLifetime(IHostApplicationLifetime lifetime, TextReader? stopInput = null) : IHostLifetime, IDisposable
{
    private readonly List<PosixSignalRegistration> _signals = [];
    private readonly CancellationTokenSource _stopListening = new();
    private CancellationTokenRegistration _started;
    private int _isStarted;
    private int _stopRequested;
    private int _disposed;

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
        // On Windows SIGHUP is the console window closing (CTRL_CLOSE_EVENT), SIGTERM a shutdown or log-off.
        PosixSignal[] signals = OperatingSystem.IsWindows()
            ? [PosixSignal.SIGINT, PosixSignal.SIGTERM, PosixSignal.SIGQUIT, PosixSignal.SIGHUP]
            : [PosixSignal.SIGINT, PosixSignal.SIGTERM, PosixSignal.SIGQUIT];
        foreach (var signal in signals)
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

        if (stopInput is not null)
        {
            // Console input reads block even through ReadLineAsync: the listener gets a thread of its own.
            StopChannelListener = Task.Factory.StartNew(() => StopChannel.ListenAsync(stopInput, RequestStop, _stopListening.Token),
                CancellationToken.None, TaskCreationOptions.LongRunning | TaskCreationOptions.DenyChildAttach, TaskScheduler.Default).Unwrap();
        }

        return Task.CompletedTask;
    }

    /// <summary>Reads the stop channel until its stop line or end (completed when there is no channel).</summary>
    internal Task StopChannelListener { get; private set; } = Task.CompletedTask;

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
        if (context.Signal == PosixSignal.SIGHUP && OperatingSystem.IsWindows())
        {
            // Windows ends the process as soon as this handler returns after a console close (or when its own time
            // limit runs out): holding the handler until the host has stopped lets running requests finish.
            lifetime.ApplicationStopped.WaitHandle.WaitOne();
        }
    }

    // The container disposes this once for each registration that hands it out (itself and IHostLifetime).
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        // Cancelled, never disposed: the listener's thread may still hold its token in a blocked read.
        _stopListening.Cancel();
        _started.Dispose();
        foreach (var signal in _signals)
        {
            signal.Dispose();
        }
    }
}
