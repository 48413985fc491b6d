namespace Synapse.Engine.Caching;

/// <summary>A sequence's llama.cpp state saved to RAM, with the tokens its KV cells hold.</summary>
internal sealed class HostStateEntry(int[] tokens, byte[] state)
{
    public int[] Tokens { get; } = tokens;

    public byte[] State { get; } = state;

    public long LastUsed { get; set; }
}
