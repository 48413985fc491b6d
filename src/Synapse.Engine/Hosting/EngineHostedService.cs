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
            var shown = path.Length > 0 ? path : "(while resolving it)";
            if (e is ModelUnavailableException)
            {
                // The source names the model and what went wrong itself.
                LogModelUnavailable(e.Message);
                LogLoadFailedDetail(e);
            }
            else if (IsExpected(e))
            {
                // A file the user can fix (missing, unreadable, not a model llama.cpp loads): one line; the stack is
                // for Debug only.
                LogLoadFailed(shown, e.Message);
                LogLoadFailedDetail(e);
            }
            else
            {
                LogLoadFailedUnexpectedly(e, shown, e.Message);
            }

            Environment.ExitCode = 1;
            // Stopping before the host has started would cancel its start (Kestrel's bind); stop once it has.
            lifetime.ApplicationStarted.Register(lifetime.StopApplication);
        }
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stoppingRegistration.DisposeAsync().ConfigureAwait(false);
        // A second stop (the host's after a test's own) finds nothing left to cancel.
        var loadCancellation = Interlocked.Exchange(ref _loadCancellation, null);
        if (loadCancellation is not null)
        {
            await loadCancellation.CancelAsync().ConfigureAwait(false);
        }

        if (_loading is not null)
        {
            await _loading.ConfigureAwait(false);
        }

        await engine.StopAsync(cancellationToken).ConfigureAwait(false);
        loadCancellation?.Dispose();
    }

    private static bool IsExpected(Exception exception) =>
        exception is IOException or InvalidDataException or UnauthorizedAccessException or LLama.Exceptions.RuntimeError;

    [LoggerMessage(Level = LogLevel.Information, Message = "Loading model {Path}")]
    private partial void LogLoading(string path);

    [LoggerMessage(Level = LogLevel.Critical, Message = "Failed to load model {Path}: {Reason}")]
    private partial void LogLoadFailed(string path, string reason);

    [LoggerMessage(Level = LogLevel.Critical, Message = "{Reason}")]
    private partial void LogModelUnavailable(string reason);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Loading the model failed")]
    private partial void LogLoadFailedDetail(Exception exception);

    [LoggerMessage(Level = LogLevel.Critical, Message = "Failed to load model {Path}: {Reason}")]
    private partial void LogLoadFailedUnexpectedly(Exception exception, string path, string reason);
}
