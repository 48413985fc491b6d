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

    /// <summary>
    /// With <see cref="GenerationRequest.Logprobs"/>: each generated token's log-probability, written before the text
    /// it produces (so a reader that has a text delta can already read the tokens behind it). Empty otherwise.
    /// </summary>
    public virtual ChannelReader<TokenLogprob> Logprobs => NoLogprobs.Reader;

    private static readonly Channel<TokenLogprob> NoLogprobs = CreateCompleted();

    private static Channel<TokenLogprob> CreateCompleted()
    {
        var channel = Channel.CreateUnbounded<TokenLogprob>();
        channel.Writer.Complete();
        return channel;
    }

    /// <summary>
    /// With <see cref="GenerationRequest.PromptLogprobs"/>: every prompt token's log-probability (the first null), as
    /// <see cref="GenerationResult.PromptLogprobs"/> will hold them. The prompt is read before the first token is
    /// generated, so they are complete once any text has been read from <see cref="Text"/> (streams send them with the
    /// echoed prompt, before the generated text); null before that and without prompt logprobs.
    /// </summary>
    public virtual IReadOnlyList<TokenLogprob?>? PromptTokenLogprobs => null;

    public abstract ValueTask DisposeAsync();
}
