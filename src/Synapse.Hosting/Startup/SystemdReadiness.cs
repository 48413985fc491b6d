using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Hosting.Systemd;

namespace Synapse.Hosting.Startup;

/// <summary>
/// Tells systemd (<c>Type=notify</c>) when the server is up, so <c>systemctl start</c> returns once it listens and
/// units ordered after it start then, and when its stop (the drain) begins.
/// </summary>
internal sealed class SystemdReadiness(ISystemdNotifier notifier, IHostApplicationLifetime lifetime) : IHostedService, IDisposable
{
    private CancellationTokenRegistration _started;
    private CancellationTokenRegistration _stopping;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _started = lifetime.ApplicationStarted.Register(() => notifier.Notify(ServiceState.Ready));
        _stopping = lifetime.ApplicationStopping.Register(() => notifier.Notify(ServiceState.Stopping));
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public void Dispose()
    {
        _started.Dispose();
        _stopping.Dispose();
    }
}
