using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Synapse.Models.Conversion;

namespace Synapse.Models.Hub;

/// <summary>
/// Turns a MODEL_NAME into a local GGUF file: a local .gguf as is; a Hugging Face repository downloaded into the shared
/// cache; safetensors (from the hub or a local folder) converted and quantized once into <see cref="ConvertedModelCache"/>.
/// </summary>
public sealed partial class ModelResolver : IDisposable
{
    private readonly HubClient _client;
    private readonly HubDownloader _downloader;
    private readonly ILogger _logger;

    /// <param name="createSymbolicLink">See <see cref="HubCacheLayout"/>: tests stand in for a file system without links.</param>
    public ModelResolver(HubEnvironment environment, ILogger? logger = null, HttpMessageHandler? handler = null, Action<string, string>? createSymbolicLink = null)
    {
        ArgumentNullException.ThrowIfNull(environment);
        _logger = logger ?? NullLogger.Instance;
        _client = new HubClient(environment, _logger, handler);
        _downloader = new HubDownloader(_client, _logger, createSymbolicLink);
        Converted = new ConvertedModelCache(environment.ConvertedCache);
    }

    public HubEnvironment Environment => _client.Environment;

    public HubCacheLayout HubCache => _downloader.Cache;

    public ConvertedModelCache Converted { get; }

    /// <param name="quantization">The type safetensors are converted to (SYNAPSE_QUANT), unless the name's <c>:TAG</c> names one.</param>
    public async Task<ResolvedModel> ResolveAsync(ModelReference reference, ModelQuantization quantization,
        IProgress<DownloadProgress>? downloadProgress, IProgress<ConversionProgress>? conversionProgress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(reference);
        switch (reference.Kind)
        {
            case ModelReferenceKind.LocalGguf:
                return new ResolvedModel(reference.LocalPath!, null, null, null, null);

            case ModelReferenceKind.LocalFolder:
            {
                var folder = reference.LocalPath!;
                var files = Directory.EnumerateFiles(folder).Select(f => new RepoFile(Path.GetFileName(f), new FileInfo(f).Length)).ToList();
                var selection = RepoFileSelector.Select(folder, files, tag: null, _ => false);
                if (selection.GgufToLoad is { } gguf)
                {
                    return new ResolvedModel(Path.Combine(folder, gguf), null, null, null, folder);
                }

                var output = Converted.LocalPath(folder, quantization);
                await ConvertOnceAsync(folder, output, quantization, conversionProgress, cancellationToken).ConfigureAwait(false);
                return new ResolvedModel(output, null, null, quantization, folder);
            }

            default:
            {
                var repoId = reference.RepoId!;
                var snapshot = await _downloader.FetchAsync(repoId, reference.Revision, reference.Tag,
                    tag => ModelQuantizations.TryParse(tag, out _), downloadProgress, cancellationToken).ConfigureAwait(false);
                if (snapshot.GgufPath is { } gguf)
                {
                    return new ResolvedModel(gguf, repoId, snapshot.Commit, null, snapshot.Folder);
                }

                if (reference.Tag is not null && ModelQuantizations.TryParse(reference.Tag, out var tagged))
                {
                    quantization = tagged;
                }

                var output = Converted.HubPath(repoId, snapshot.Commit, quantization);
                await ConvertOnceAsync(snapshot.Folder, output, quantization, conversionProgress, cancellationToken).ConfigureAwait(false);
                return new ResolvedModel(output, repoId, snapshot.Commit, quantization, snapshot.Folder);
            }
        }
    }

    /// <summary>Converts unless the file exists; a lock beside it keeps two processes from converting the same model at once.</summary>
    private async Task ConvertOnceAsync(string folder, string output, ModelQuantization quantization, IProgress<ConversionProgress>? progress,
        CancellationToken cancellationToken)
    {
        if (File.Exists(output))
        {
            LogConvertedCached(_logger, output);
            return;
        }

        Directory.CreateDirectory(Path.GetDirectoryName(output)!);
        using var fileLock = await CacheFileLock.AcquireAsync(output + ".lock",
            waited => LogWaitingForConversion(_logger, output, (int)waited.TotalSeconds), cancellationToken).ConfigureAwait(false);
        if (File.Exists(output))
        {
            return;
        }

        LogConverting(_logger, folder, quantization.Name(), output);
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        try
        {
            await HfToGgufConverter.ConvertAsync(folder, output, quantization, progress, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (HubClient.IsDiskFull(e))
        {
            throw new HubException(HubErrorKind.DiskFull, $"The disk is full while writing {output}. Free some space or point HF_HOME elsewhere.", e);
        }

        LogConverted(_logger, output, new FileInfo(output).Length, System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalSeconds);
    }

    public void Dispose() => _client.Dispose();

    [LoggerMessage(Level = LogLevel.Information, Message = "Using the converted model {Path}")]
    private static partial void LogConvertedCached(ILogger logger, string path);

    [LoggerMessage(Level = LogLevel.Information, Message = "Converting {Folder} to {Quantization} GGUF at {Path}")]
    private static partial void LogConverting(ILogger logger, string folder, string quantization, string path);

    [LoggerMessage(Level = LogLevel.Information, Message = "Converted {Path} ({Bytes} bytes) in {Seconds:F1} s")]
    private static partial void LogConverted(ILogger logger, string path, long bytes, double seconds);

    [LoggerMessage(Level = LogLevel.Information, Message = "Waiting for another process converting {Path} ({Seconds} s so far)")]
    private static partial void LogWaitingForConversion(ILogger logger, string path, int seconds);
}
