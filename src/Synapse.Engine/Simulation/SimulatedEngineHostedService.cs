using Microsoft.Extensions.Hosting;

namespace Synapse.Engine.Simulation;

/// <summary>Runs the simulated load in the background once the host has started, and drains on shutdown, as <c>EngineHostedService</c> does for llama.cpp.</summary>
public sealed class SimulatedEngineHostedService(SimulatedInferenceEngine engine, IHostApplicationLifetime lifetime) : IHostedService
{
    private CancellationTokenSource? _loadCancellation;
    private Task? _loading;
    private CancellationTokenRegistration _stoppingRegistration;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _loadCancellation = new CancellationTokenSource();
        // Readiness must turn false as soon as shutdown begins, before hosted services are stopped one by one.
        _stoppingRegistration = lifetime.ApplicationStopping.Register(engine.BeginDrain);
        _loading = LoadAsync(_loadCancellation.Token);
        return Task.CompletedTask;
    }

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        try
        {
            await engine.LoadAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The host stopped while "loading".
        }
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stoppingRegistration.DisposeAsync().ConfigureAwait(false);
        // A host may be stopped twice (StopAsync, then dispose): the second stop only drains again.
        var loadCancellation = Interlocked.Exchange(ref _loadCancellation, null);
        if (loadCancellation is not null)
        {
            await loadCancellation.CancelAsync().ConfigureAwait(false);
            if (_loading is not null)
            {
                await _loading.ConfigureAwait(false);
            }

            loadCancellation.Dispose();
        }

        await engine.StopAsync(cancellationToken).ConfigureAwait(false);
    }
}
