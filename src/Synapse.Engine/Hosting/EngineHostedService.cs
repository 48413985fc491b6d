using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Synapse.Engine.Hosting;

/// <summary>
/// Loads the model in the background once the host has started (so /health answers while it loads), and drains the
/// engine on shutdown. A model that fails to load stops the application with exit code 1.
/// </summary>
public sealed partial class EngineHostedService(
    LlamaInferenceEngine engine,
    IOptions<EngineOptions> options,
    IModelSource modelSource,
    IHostApplicationLifetime lifetime,
    ILogger<EngineHostedService> logger) : IHostedService
{
    private CancellationTokenSource? _loadCancellation;
    private Task? _loading;
    private CancellationTokenRegistration _stoppingRegistration;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _loadCancellation = new CancellationTokenSource();
        // Readiness must turn false as soon as shutdown begins, before hosted services are stopped one by one.
        _stoppingRegistration = lifetime.ApplicationStopping.Register(engine.BeginDrain);
        _loading = Task.Run(() => LoadAsync(_loadCancellation.Token), CancellationToken.None);
        return Task.CompletedTask;
    }

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        var path = options.Value.ModelPath;
        try
        {
            path = await modelSource.GetModelPathAsync(options.Value, cancellationToken).ConfigureAwait(false);
            LogLoading(path);
            await engine.LoadAsync(path, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The host stopped while loading.
        }
        catch (Exception e)
        {
            // An empty path: the model source failed before naming a file (a download or conversion).
            LogLoadFailed(e, path.Length > 0 ? path : "(while resolving it)", e.Message);
            Environment.ExitCode = 1;
            lifetime.StopApplication();
        }
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stoppingRegistration.DisposeAsync().ConfigureAwait(false);
        if (_loadCancellation is not null)
        {
            await _loadCancellation.CancelAsync().ConfigureAwait(false);
        }

        if (_loading is not null)
        {
            await _loading.ConfigureAwait(false);
        }

        await engine.StopAsync(cancellationToken).ConfigureAwait(false);
        _loadCancellation?.Dispose();
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Loading model {Path}")]
    private partial void LogLoading(string path);

    [LoggerMessage(Level = LogLevel.Critical, Message = "Failed to load model {Path}: {Reason}")]
    private partial void LogLoadFailed(Exception exception, string path, string reason);
}
