using Microsoft.Extensions.Options;

namespace Synapse.Engine.Hosting;

/// <summary>Checks <see cref="EngineOptions"/> at start, with messages that name the setting to fix.</summary>
public sealed class EngineOptionsValidator(IModelSource? modelSource = null) : IValidateOptions<EngineOptions>
{

    public ValidateOptionsResult Validate(string? name, EngineOptions options)
    {
        // A source other than the configured path (a hub download, a conversion) yields the file only on the load
        // path; the engine checks it there, before loading.
        var errors = Errors(options, checkModelPath: modelSource is null or ConfiguredModelSource);
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    public static void ThrowIfInvalid(EngineOptions options)
    {
        var errors = Errors(options);
        if (errors.Count > 0)
        {
            throw new OptionsValidationException(Options.DefaultName, typeof(EngineOptions), errors);
        }
    }

    public static List<string> Errors(EngineOptions options) => Errors(options, checkModelPath: true);

    /// <summary>Every problem of <paramref name="options"/>; a host that resolves the model file later skips its check.</summary>
    public static List<string> Errors(EngineOptions options, bool checkModelPath)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>();
        if (!checkModelPath)
        {
            // Checked on the load path instead.
        }
        else if (string.IsNullOrWhiteSpace(options.ModelPath))
        {
            errors.Add("MODEL_NAME is not set: give the path of a .gguf model file.");
        }
        else if (Directory.Exists(options.ModelPath))
        {
            errors.Add($"MODEL_NAME '{options.ModelPath}' is a folder; give the path of a .gguf model file.");
        }
        else if (!File.Exists(options.ModelPath))
        {
            errors.Add($"MODEL_NAME '{options.ModelPath}' does not exist (full path: {Path.GetFullPath(options.ModelPath)}).");
        }

        if (options.Parallel < 1 || options.Parallel > EngineOptions.MaxParallel)
        {
            errors.Add($"SYNAPSE_PARALLEL must be between 1 and {EngineOptions.MaxParallel} (got {options.Parallel}).");
        }

        if (options.ContextSize < 0)
        {
            errors.Add($"SYNAPSE_CTX_SIZE must be 0 (the model's training context, at most 4096) or a positive number of tokens (got {options.ContextSize}).");
        }
        else if (options.ContextSize is > 0 and < EngineOptions.MinContextSize || options.ContextSize > EngineOptions.MaxContextSize)
        {
            errors.Add($"SYNAPSE_CTX_SIZE must be 0 (the model's) or between {EngineOptions.MinContextSize} and {EngineOptions.MaxContextSize} (got {options.ContextSize}).");
        }
        else if ((long)options.ContextSize * Math.Max(1, options.Parallel) > int.MaxValue)
        {
            errors.Add($"SYNAPSE_CTX_SIZE × SYNAPSE_PARALLEL is too large ({options.ContextSize} × {options.Parallel}).");
        }

        if (options.Threads < 0)
        {
            errors.Add($"SYNAPSE_THREADS must be 0 (all cores) or a positive number (got {options.Threads}).");
        }
        else if (options.Threads > EngineOptions.MaxThreads)
        {
            errors.Add($"SYNAPSE_THREADS must be at most {EngineOptions.MaxThreads} (got {options.Threads}).");
        }

        if (options.QueueSize < 0)
        {
            errors.Add($"SYNAPSE_QUEUE must be 0 or more (got {options.QueueSize}).");
        }
        else if (options.QueueSize > EngineOptions.MaxQueueSize)
        {
            errors.Add($"SYNAPSE_QUEUE must be at most {EngineOptions.MaxQueueSize} (got {options.QueueSize}).");
        }

        if (options.BatchSize < 1)
        {
            errors.Add($"SYNAPSE_BATCH_SIZE must be positive (got {options.BatchSize}).");
        }
        else if (options.BatchSize > EngineOptions.MaxBatchSize)
        {
            errors.Add($"SYNAPSE_BATCH_SIZE must be at most {EngineOptions.MaxBatchSize} (got {options.BatchSize}).");
        }
        else if (options.BatchSize < options.Parallel)
        {
            errors.Add($"SYNAPSE_BATCH_SIZE ({options.BatchSize}) must be at least SYNAPSE_PARALLEL ({options.Parallel}), so every running sequence fits one step.");
        }

        if (options.PrefillChunk < 1 || options.PrefillChunk > EngineOptions.MaxBatchSize)
        {
            errors.Add($"SYNAPSE_PREFILL_CHUNK must be between 1 and {EngineOptions.MaxBatchSize} (got {options.PrefillChunk}).");
        }

        if (!(options.SlotSimilarity >= 0 && options.SlotSimilarity < 1))
        {
            errors.Add($"SYNAPSE_SLOT_SIMILARITY must be at least 0 and below 1 (got {options.SlotSimilarity}).");
        }

        if (options.CacheRamMb < 0 || options.CacheRamMb > EngineOptions.MaxCacheRamMb)
        {
            errors.Add($"SYNAPSE_CACHE_RAM_MB must be between 0 and {EngineOptions.MaxCacheRamMb} (got {options.CacheRamMb}).");
        }

        return errors;
    }
}
