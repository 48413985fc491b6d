using Microsoft.Extensions.Logging;
using Synapse.Engine.Hosting;
using Synapse.Models.Conversion;
using Synapse.Models.Hub;
using Synapse.Node.Configuration;

namespace Synapse.Node.Hosting;

/// <summary>
/// Resolves MODEL_NAME on the engine's background load path: a local GGUF as is, a Hugging Face repository downloaded
/// into the shared cache, safetensors converted and quantized (SYNAPSE_QUANT) into the converted-model cache.
/// A failure a user can fix (hub unreachable, repository gated or missing, offline without a cached copy, a file
/// missing, an unsupported model) is a <see cref="ModelUnavailableException"/>: the engine's load path logs it as one
/// clear line, its stack only at Debug, and stops the node with exit code 1.
/// </summary>
internal sealed partial class HubModelSource(NodeOptions options, HubEnvironment environment, NodeState state,
    ILoggerFactory loggerFactory) : IModelSource
{
    private readonly ILogger _logger = loggerFactory.CreateLogger<HubModelSource>();

    public async Task<string> GetModelPathAsync(EngineOptions configured, CancellationToken cancellationToken)
    {
        var reference = options.Model ?? throw new InvalidOperationException("MODEL_NAME was not read.");
        if (reference.Kind == ModelReferenceKind.LocalGguf)
        {
            return reference.LocalPath!;
        }

        LogResolving(_logger, reference.Text, environment.HubCache, environment.Offline);
        state.LoadingDetail = $"Resolving {reference.Text}.";
        using var resolver = new ModelResolver(environment, loggerFactory.CreateLogger<ModelResolver>());
        var progress = new ProgressLog(_logger, state, reference.Text);
        ResolvedModel resolved;
        try
        {
            resolved = await resolver.ResolveAsync(reference, options.Quantization, progress, progress, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (IsExpected(exception) && !cancellationToken.IsCancellationRequested)
        {
            throw new ModelUnavailableException($"Cannot serve {reference.Text}: {exception.Message}", exception);
        }

        LogResolved(_logger, reference.Text, resolved.GgufPath, resolved.Commit ?? "-");
        state.LoadingDetail = $"Loading {reference.Text} from {resolved.GgufPath}.";
        return resolved.GgufPath;
    }

    private static bool IsExpected(Exception exception) =>
        exception is HubException or IOException or UnauthorizedAccessException or NotSupportedException or InvalidDataException
            or HttpRequestException;

    [LoggerMessage(Level = LogLevel.Information, Message = "Resolving model {Model} (hub cache {Cache}, offline {Offline})")]
    private static partial void LogResolving(ILogger logger, string model, string cache, bool offline);

    [LoggerMessage(Level = LogLevel.Information, Message = "Model {Model} is {Path} (commit {Commit})")]
    private static partial void LogResolved(ILogger logger, string model, string path, string commit);

    /// <summary>The node's progress is periodic log lines (it runs as a service; no bar among the log).</summary>
    private sealed class ProgressLog(ILogger logger, NodeState state, string model) : IProgress<DownloadProgress>, IProgress<ConversionProgress>
    {
        private readonly ProgressPrinter _printer = new(new LogWriter(logger), interactive: false);

        public void Report(DownloadProgress value)
        {
            state.LoadingDetail = value.TotalBytes is > 0
                ? $"Downloading {model}: {value.File} {100.0 * value.BytesDone / value.TotalBytes.Value:F0}%."
                : $"Downloading {model}: {value.File}.";
            _printer.Report(value);
        }

        public void Report(ConversionProgress value)
        {
            state.LoadingDetail = value.Step == ConversionStep.Quantizing
                ? $"Quantizing {model}."
                : $"Converting {model} to GGUF (tensor {value.TensorIndex} of {value.TensorCount}).";
            _printer.Report(value);
        }
    }

    private sealed partial class LogWriter(ILogger logger) : TextWriter
    {
        public override System.Text.Encoding Encoding => System.Text.Encoding.UTF8;

        public override void WriteLine(string? value) => LogProgress(logger, value ?? "");

        [LoggerMessage(Level = LogLevel.Information, Message = "Model: {Progress}")]
        private static partial void LogProgress(ILogger logger, string progress);
    }
}
