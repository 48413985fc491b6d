using Synapse.Engine.Backend;

namespace Synapse.Engine.Caching;

/// <summary>A sequence's llama.cpp state saved to RAM, with the tokens its KV cells hold; the host tier owns the state.</summary>
internal sealed class HostStateEntry(int[] tokens, SequenceState state)
{
    public int[] Tokens { get; } = tokens;

    public SequenceState State { get; } = state;

    public long Bytes => State.Length;

    public long LastUsed { get; set; }
}
