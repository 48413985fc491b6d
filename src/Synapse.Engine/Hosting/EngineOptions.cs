namespace Synapse.Engine.Hosting;

/// <summary>Settings of the inference engine, bound from configuration (SYNAPSE_* variables).</summary>
public sealed class EngineOptions
{
    public const int DefaultParallel = 4;

    /// <summary>llama.cpp's LLAMA_MAX_SEQ.</summary>
    public const int MaxParallel = 256;

    public const int DefaultContextSize = 4096;

    /// <summary>Below this a slot cannot hold a chat template and a reply.</summary>
    public const int MinContextSize = 16;

    public const int MaxContextSize = 1 << 20;

    /// <summary>0: one thread per core.</summary>
    public const int DefaultThreads = 0;

    public const int MaxThreads = 1024;

    public const int DefaultBatchSize = 512;

    public const int DefaultPrefillChunk = 256;

    /// <summary>Most tokens of a batch or a prefill chunk.</summary>
    public const int MaxBatchSize = 1 << 16;

    public const int DefaultQueueSize = 64;

    /// <summary>llama-server's default <c>slot_prompt_similarity</c>.</summary>
    public const double DefaultSlotSimilarity = 0.1;

    public const int DefaultCacheRamMb = 1024;

    public const int MaxCacheRamMb = 1 << 20;

    public const int MaxQueueSize = 1_000_000;

    /// <summary>Path of the GGUF file to load.</summary>
    public string ModelPath { get; set; } = "";

    /// <summary>Sequence slots decoded together in one batch (SYNAPSE_PARALLEL).</summary>
    public int Parallel { get; set; } = DefaultParallel;

    /// <summary>Context length of each sequence, in tokens (SYNAPSE_CTX_SIZE); 0 takes the model's training context, capped at 4096.</summary>
    public int ContextSize { get; set; } = DefaultContextSize;

    /// <summary>CPU threads for decoding (SYNAPSE_THREADS); 0 means all cores.</summary>
    public int Threads { get; set; } = DefaultThreads;

    /// <summary>Most tokens one decode step may hold (prompt chunks plus one token per running sequence).</summary>
    public int BatchSize { get; set; } = DefaultBatchSize;

    /// <summary>Most prompt tokens of newly admitted requests read in one step, so running streams keep flowing.</summary>
    public int PrefillChunk { get; set; } = DefaultPrefillChunk;

    /// <summary>Requests that may wait for a free slot (SYNAPSE_QUEUE); beyond it requests are refused.</summary>
    public int QueueSize { get; set; } = DefaultQueueSize;

    /// <summary>
    /// One KV buffer shared by all sequences (llama.cpp's kv_unified, LLamaSharp's default) instead of one stream per
    /// sequence. Off by default: per-sequence streams keep attention to each sequence's own cells (SYNAPSE_KV_UNIFIED).
    /// </summary>
    public bool UnifiedKvCache { get; set; }

    /// <summary>
    /// Reuse the KV cache of a prompt prefix a slot already holds (SYNAPSE_PREFIX_CACHE): a request takes the free slot
    /// sharing the longest prefix with its prompt and reads only the rest. Off: every prompt is read whole.
    /// </summary>
    public bool PrefixCache { get; set; } = true;

    /// <summary>
    /// Least share of a new prompt a free slot's cached prefix must cover to be chosen for it (SYNAPSE_SLOT_SIMILARITY,
    /// llama-server's --slot-prompt-similarity); below it the least recently used slot is taken.
    /// </summary>
    public double SlotSimilarity { get; set; } = DefaultSlotSimilarity;

    /// <summary>
    /// MiB of RAM for sequence states saved when a slot is taken for another prompt, restored when a later prompt
    /// shares their prefix (SYNAPSE_CACHE_RAM_MB); 0 keeps none. Least recently used states are evicted first.
    /// </summary>
    public int CacheRamMb { get; set; } = DefaultCacheRamMb;
}
