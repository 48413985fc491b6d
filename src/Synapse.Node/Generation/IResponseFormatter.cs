using Microsoft.AspNetCore.Http;
using Synapse.Engine.Generation;
using Synapse.Node.Streaming;
using Synapse.OpenAI.Common;

namespace Synapse.Node.Generation;

/// <summary>
/// The endpoint-specific part of answering (chat chunks or legacy completion chunks); everything else — submitting,
/// reading, keep-alives, cancellation, usage, metrics — is the shared <see cref="GenerationRunner"/>, so chat and
/// completions cost the same per token. One instance per request; it may reuse its chunk objects.
/// </summary>
public interface IResponseFormatter
{
    /// <summary>Before a choice's first text (chat: the role delta; completions: the echoed prompt, if any).</summary>
    void WriteChoiceStart(SseWriter sse, ChoicePlan choice);

    void WriteDelta(SseWriter sse, int choiceIndex, string text);

    /// <summary>A delta with the logprobs of the tokens behind it (null when not asked for).</summary>
    void WriteDelta(SseWriter sse, int choiceIndex, string text, IReadOnlyList<TokenLogprob>? logprobs) => WriteDelta(sse, choiceIndex, text);

    /// <summary>The choice's end, with logprobs of tokens whose text never came (null when none).</summary>
    void WriteChoiceEnd(SseWriter sse, int choiceIndex, string finishReason, IReadOnlyList<TokenLogprob>? logprobs) => WriteChoiceEnd(sse, choiceIndex, finishReason);

    void WriteChoiceEnd(SseWriter sse, int choiceIndex, string finishReason);

    /// <summary>The final <c>choices: []</c> chunk of <c>stream_options.include_usage</c>.</summary>
    void WriteUsage(SseWriter sse, Usage usage);

    Task WriteResponseAsync(HttpContext context, IReadOnlyList<ChoiceOutcome> choices, Usage usage);
}
