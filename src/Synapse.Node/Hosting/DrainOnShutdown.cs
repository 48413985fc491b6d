using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Synapse.Node.Hosting;

/// <summary>
/// Turns readiness off and refuses new requests the moment shutdown begins; Kestrel then lets running requests
/// finish until HostOptions.ShutdownTimeout (SYNAPSE_SHUTDOWN_GRACE) and aborts the rest, which cancels their generations.
/// </summary>
internal sealed partial class DrainOnShutdown(IHostApplicationLifetime lifetime, NodeState state, ILogger<DrainOnShutdown> logger) : IHostedService
{
    private CancellationTokenRegistration _registration;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _registration = lifetime.ApplicationStopping.Register(() =>
        {
            state.BeginDraining();
            LogDraining(logger);
        });
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        _registration.Dispose();
        return Task.CompletedTask;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Shutdown requested: readiness is now 503, new requests are refused, running requests may finish")]
    private static partial void LogDraining(ILogger logger);
}
