namespace Synapse.Engine.Hosting;

/// <summary>Settings of the inference engine, bound from configuration (SYNAPSE_* variables).</summary>
public sealed class EngineOptions
{
    /// <summary>Path of the GGUF file to load.</summary>
    public string ModelPath { get; set; } = "";

    /// <summary>Sequence slots decoded together in one batch (SYNAPSE_PARALLEL).</summary>
    public int Parallel { get; set; } = 4;

    /// <summary>Context length of each sequence, in tokens (SYNAPSE_CTX_SIZE); 0 takes the model's training context, capped at 4096.</summary>
    public int ContextSize { get; set; } = 4096;

    /// <summary>CPU threads for decoding (SYNAPSE_THREADS); 0 means all cores.</summary>
    public int Threads { get; set; }

    /// <summary>Most tokens one decode step may hold (prompt chunks plus one token per running sequence).</summary>
    public int BatchSize { get; set; } = 512;

    /// <summary>Most prompt tokens of newly admitted requests read in one step, so running streams keep flowing.</summary>
    public int PrefillChunk { get; set; } = 256;

    /// <summary>Requests that may wait for a free slot (SYNAPSE_QUEUE); beyond it requests are refused.</summary>
    public int QueueSize { get; set; } = 64;

    /// <summary>
    /// One KV buffer shared by all sequences (llama.cpp's kv_unified, LLamaSharp's default) instead of one stream per
    /// sequence. Off by default: per-sequence streams keep attention to each sequence's own cells (SYNAPSE_KV_UNIFIED).
    /// </summary>
    public bool UnifiedKvCache { get; set; }
}
