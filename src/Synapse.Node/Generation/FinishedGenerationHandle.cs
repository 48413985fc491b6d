using System.Threading.Channels;
using Synapse.Engine.Generation;

namespace Synapse.Node.Generation;

/// <summary>
/// A generation that needs no decoding: legacy completions with <c>echo</c> and <c>max_tokens: 0</c> answer the
/// prompt alone, as OpenAI does, without taking a slot.
/// </summary>
internal sealed class FinishedGenerationHandle : GenerationHandle
{
    private readonly Channel<string> _text = Channel.CreateBounded<string>(1);

    public FinishedGenerationHandle(int promptTokens)
    {
        _text.Writer.Complete();
        Completion = Task.FromResult(new GenerationResult(FinishReason.Length, promptTokens, 0, TimeSpan.Zero, TimeSpan.Zero, TimeSpan.Zero));
    }

    public override ChannelReader<string> Text => _text.Reader;

    public override Task<GenerationResult> Completion { get; }

    public override ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
