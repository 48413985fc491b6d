using Microsoft.AspNetCore.Http;
using Synapse.Engine.Generation;
using Synapse.Node.Streaming;
using Synapse.Hosting.Errors;
using Synapse.OpenAI.Common;
using Synapse.OpenAI.Errors;

namespace Synapse.Node.Generation;

/// <summary>
/// The endpoint-specific part of answering (chat chunks or legacy completion chunks); everything else — submitting,
/// reading, keep-alives, cancellation, usage, metrics — is the shared <see cref="GenerationRunner"/>, so chat and
/// completions cost the same per token. One instance per request; it may reuse its chunk objects.
/// </summary>
public interface IResponseFormatter
{
    /// <summary>
    /// Before a choice's first text (chat: the role delta; completions: the echoed prompt, if any, with
    /// <paramref name="promptLogprobs"/> when the request asked for the prompt's logprobs).
    /// </summary>
    void WriteChoiceStart(SseWriter sse, ChoicePlan choice, IReadOnlyList<TokenLogprob?>? promptLogprobs);

    void WriteDelta(SseWriter sse, int choiceIndex, string text);

    /// <summary>A delta with the logprobs of the tokens behind it (null when not asked for).</summary>
    void WriteDelta(SseWriter sse, int choiceIndex, string text, IReadOnlyList<TokenLogprob>? logprobs) => WriteDelta(sse, choiceIndex, text);

    /// <summary>The choice's end, with logprobs of tokens whose text never came (null when none).</summary>
    void WriteChoiceEnd(SseWriter sse, int choiceIndex, string finishReason, IReadOnlyList<TokenLogprob>? logprobs) => WriteChoiceEnd(sse, choiceIndex, finishReason);

    void WriteChoiceEnd(SseWriter sse, int choiceIndex, string finishReason);

    /// <summary>The final <c>choices: []</c> chunk of <c>stream_options.include_usage</c>.</summary>
    void WriteUsage(SseWriter sse, Usage usage);

    /// <summary>Right after the headers, before the first token (the Responses API's <c>response.created</c>).</summary>
    void WriteStreamStart(SseWriter sse)
    {
    }

    /// <summary>After every choice has ended: the usage chunk when asked for, then <c>[DONE]</c>.</summary>
    ValueTask WriteStreamEndAsync(SseWriter sse, Usage usage, bool includeUsage, CancellationToken cancellationToken)
    {
        if (includeUsage)
        {
            WriteUsage(sse, usage);
        }

        sse.WriteDone();
        return ValueTask.CompletedTask;
    }

    /// <summary>A failure after the headers were sent: OpenAI's error envelope as a data event, then <c>[DONE]</c>.</summary>
    void WriteStreamError(SseWriter sse, ApiError error)
    {
        sse.WriteData(writer => OpenAIErrorWriter.WriteEnvelope(writer, error));
        sse.WriteDone();
    }

    Task WriteResponseAsync(HttpContext context, IReadOnlyList<ChoiceOutcome> choices, Usage usage);
}
