using System.Runtime.InteropServices;
using Synapse.Engine.Backend;
using Synapse.Engine.Scheduling;

namespace Synapse.Engine.Caching;

/// <summary>
/// Chooses the slot a new request runs in and how much of that slot's KV cache it keeps, as llama-server does: the
/// free slot sharing the longest prefix with the prompt (least recently used on ties) when that prefix is more than
/// <see cref="PrefixCacheOptions.MinSimilarity"/> of the prompt, else the least recently used free slot. The slot's
/// cells past the common prefix are removed (<c>llama_memory_seq_rm</c>) and only the rest of the prompt is read; a
/// prompt found whole keeps all but its last token, whose logits the first sample needs. A slot about to lose most
/// of what it holds is saved to the host tier first, and a host-tier state sharing a longer prefix than the chosen
/// slot is restored into it. Runs on the inference loop's thread only, between steps; disposing it (when the loop
/// ends) frees the host tier's states.
/// </summary>
internal sealed class PrefixCache : IDisposable
{
    /// <summary>Shorter sequences are cheaper to read again than to keep.</summary>
    private const int MinSavedTokens = 32;

    /// <summary>A restore must save at least this many prompt tokens over what the slot already holds.</summary>
    private const int MinRestoreGain = 16;

    private readonly IInferenceBackend _backend;
    private readonly PrefixCacheOptions _options;
    private readonly EngineCounters _counters;
    private readonly HostStateCache _host;
    private long _clock;

    public PrefixCache(IInferenceBackend backend, PrefixCacheOptions options, EngineCounters counters)
    {
        _backend = backend;
        _options = options;
        _counters = counters;
        _host = new HostStateCache(options.Enabled ? options.HostBytes : 0);
    }

    public bool Enabled => _options.Enabled;

    /// <summary>Picks a free slot for <paramref name="prompt"/> and returns it with the prompt tokens its KV already holds.</summary>
    public (SequenceSlot Slot, int Cached) Assign(SequenceSlot[] slots, int[] prompt, bool reuse = true)
    {
        SequenceSlot? lru = null;
        SequenceSlot? best = null;
        var bestLength = 0;
        foreach (var slot in slots)
        {
            if (!slot.IsFree)
            {
                continue;
            }

            if (lru is null || slot.LastUsed < lru.LastUsed)
            {
                lru = slot;
            }

            if (!_options.Enabled)
            {
                continue;
            }

            var length = TokenPrefix.CommonLength(CollectionsMarshal.AsSpan(slot.Tokens), prompt);
            if (length > bestLength || (length == bestLength && best is not null && slot.LastUsed < best.LastUsed))
            {
                (best, bestLength) = (slot, length);
            }
        }

        var chosen = best is not null && bestLength > _options.MinSimilarity * prompt.Length ? best : lru!;
        chosen.LastUsed = ++_clock;
        if (!_options.Enabled)
        {
            return (chosen, 0);
        }

        // Prompt logprobs need every prompt token read again: a reused prefix would have no logits.
        var keep = reuse ? TokenPrefix.CommonLength(CollectionsMarshal.AsSpan(chosen.Tokens), prompt) : 0;
        if (reuse && _host.Capacity > 0)
        {
            keep = UseHostTier(chosen, prompt, keep);
        }

        // At least one prompt token is read, so the step that reads it has the logits to sample from.
        keep = Math.Min(keep, prompt.Length - 1);
        if (keep < chosen.Tokens.Count)
        {
            if (keep == 0 || !_backend.TrimSequence(chosen.SequenceId, keep))
            {
                _backend.FreeSequence(chosen.SequenceId);
                keep = 0;
            }

            chosen.Tokens.RemoveRange(keep, chosen.Tokens.Count - keep);
        }

        if (keep > 0)
        {
            Interlocked.Increment(ref _counters.CacheHits);
            Interlocked.Add(ref _counters.CachedPromptTokensTotal, keep);
        }

        return (chosen, keep);
    }

    /// <summary>A request left <paramref name="slot"/>: its KV stays for the next prompt unless caching is off.</summary>
    public void Release(SequenceSlot slot)
    {
        if (!_options.Enabled)
        {
            _backend.FreeSequence(slot.SequenceId);
            slot.Tokens.Clear();
        }
    }

    /// <summary>Frees the host tier's states.</summary>
    public void Dispose()
    {
        _host.Dispose();
        PublishHost();
    }

    private int UseHostTier(SequenceSlot chosen, int[] prompt, int keep)
    {
        var entry = _host.FindLongest(prompt, out var hostLength);
        var restore = entry is not null && hostLength >= keep + MinRestoreGain;
        if (restore || keep < chosen.Tokens.Count / 2)
        {
            // The slot is about to lose most of what it holds: keep that in RAM for a later prompt. The state to be
            // restored stays counted (and is not evicted) until it is read, so the bound holds throughout.
            Save(chosen, restore ? entry : null);
        }

        if (!restore)
        {
            return keep;
        }

        _backend.FreeSequence(chosen.SequenceId);
        chosen.Tokens.Clear();
        using var state = _host.Take(entry!);
        PublishHost();
        if (!_backend.RestoreSequence(chosen.SequenceId, state))
        {
            _backend.FreeSequence(chosen.SequenceId);
            return 0;
        }

        chosen.Tokens.AddRange(entry!.Tokens);
        Interlocked.Increment(ref _counters.HostCacheRestores);
        return hostLength;
    }

    private void Save(SequenceSlot slot, HostStateEntry? pinned)
    {
        if (slot.Tokens.Count < MinSavedTokens)
        {
            return;
        }

        // Room is made before the state is copied out, so the copy never takes the tier past its bound.
        var size = _backend.SequenceStateSize(slot.SequenceId);
        if (size > 0 && _host.MakeRoom(CollectionsMarshal.AsSpan(slot.Tokens), size, pinned)
            && _backend.SaveSequence(slot.SequenceId, size) is { } state
            && _host.Add([.. slot.Tokens], state, pinned))
        {
            Interlocked.Increment(ref _counters.HostCacheSaves);
        }

        PublishHost();
    }

    private void PublishHost()
    {
        Volatile.Write(ref _counters.HostCacheBytes, _host.Bytes);
        Volatile.Write(ref _counters.HostCacheEntries, _host.Count);
        Volatile.Write(ref _counters.HostCacheEvictions, _host.Evictions);
    }
}
