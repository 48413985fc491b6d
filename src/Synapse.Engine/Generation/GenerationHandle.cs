using System.Threading.Channels;

namespace Synapse.Engine.Generation;

/// <summary>
/// The caller's side of a submitted generation. <see cref="Text"/> yields UTF-8-safe text deltas with stop strings
/// already removed; <see cref="Completion"/> completes when the sequence is done. Disposing cancels the
/// generation and frees its slot at once.
/// </summary>
public abstract class GenerationHandle : IAsyncDisposable
{
    public abstract ChannelReader<string> Text { get; }

    public abstract Task<GenerationResult> Completion { get; }

    public abstract ValueTask DisposeAsync();
}
