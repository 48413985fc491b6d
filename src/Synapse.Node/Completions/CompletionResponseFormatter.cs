using Microsoft.AspNetCore.Http;
using Synapse.Engine.Generation;
using Synapse.Node.Generation;
using Synapse.Node.Streaming;
using Synapse.OpenAI.Common;
using Synapse.OpenAI.Completions;
using Synapse.OpenAI.Serialization;

namespace Synapse.Node.Completions;

/// <summary>Legacy answers: <c>text_completion</c> objects, streamed as events of the same shape from one reused object.</summary>
internal sealed class CompletionResponseFormatter : IResponseFormatter
{
    private static readonly List<CompletionChoice> NoChoices = [];

    private readonly Completion _chunk;
    private readonly CompletionChoice _choice = new();

    private readonly Func<int, string> _tokenText;
    private readonly int[] _offsets;

    public CompletionResponseFormatter(string id, long created, string model, string fingerprint, bool includeUsage, Func<int, string> tokenText, int choices)
    {
        _tokenText = tokenText;
        // Streamed text_offset goes on from where the choice's previous event left off.
        _offsets = new int[choices];
        _chunk = new Completion
        {
            Id = id,
            Created = created,
            Model = model,
            SystemFingerprint = fingerprint,
            IncludeUsage = includeUsage,
            Choices = [_choice],
        };
    }

    /// <summary>
    /// The echoed prompt as the choice's first event (vLLM's order); with prompt logprobs it carries one entry per
    /// prompt token, and the generated tokens' offsets go on from where those end, as in a non-streamed answer.
    /// </summary>
    public void WriteChoiceStart(SseWriter sse, ChoicePlan choice, IReadOnlyList<TokenLogprob?>? promptLogprobs)
    {
        if (promptLogprobs is not null && choice.Request.PromptLogprobs)
        {
            var logprobs = LogprobsMapper.Completion(promptLogprobs, choice.Request.PromptTokens, _tokenText, [], 0);
            _choice.Logprobs = logprobs;
            Write(sse, choice.Index, choice.Echo ?? "", null);
            _choice.Logprobs = null;
            _offsets[choice.Index] = logprobs.Tokens.Count == 0 ? 0 : logprobs.TextOffset[^1] + logprobs.Tokens[^1].Length;
        }
        else if (!string.IsNullOrEmpty(choice.Echo))
        {
            Write(sse, choice.Index, choice.Echo, null);
            _offsets[choice.Index] = choice.Echo.Length;
        }
    }

    public void WriteDelta(SseWriter sse, int choiceIndex, string text) => Write(sse, choiceIndex, text, null);

    public void WriteDelta(SseWriter sse, int choiceIndex, string text, IReadOnlyList<TokenLogprob>? logprobs)
    {
        if (logprobs is not null)
        {
            _choice.Logprobs = LogprobsMapper.Completion(null, null, _tokenText, logprobs, _offsets[choiceIndex]);
            _offsets[choiceIndex] += text.Length;
        }

        Write(sse, choiceIndex, text, null);
        _choice.Logprobs = null;
    }

    public void WriteChoiceEnd(SseWriter sse, int choiceIndex, string finishReason) => Write(sse, choiceIndex, "", finishReason);

    public void WriteUsage(SseWriter sse, Usage usage)
    {
        _chunk.Choices = NoChoices;
        _chunk.Usage = usage;
        sse.WriteData(_chunk, OpenAIJson.TypeInfo<Completion>());
    }

    private void Write(SseWriter sse, int index, string text, string? finishReason)
    {
        _choice.Index = index;
        _choice.Text = text;
        _choice.FinishReason = finishReason;
        sse.WriteData(_chunk, OpenAIJson.TypeInfo<Completion>());
    }

    public Task WriteResponseAsync(HttpContext context, IReadOnlyList<ChoiceOutcome> choices, Usage usage)
    {
        var completion = new Completion
        {
            Id = _chunk.Id,
            Created = _chunk.Created,
            Model = _chunk.Model,
            SystemFingerprint = _chunk.SystemFingerprint,
            Usage = usage,
            Choices = choices.Select(c => new CompletionChoice
            {
                Index = c.Plan.Index,
                Text = c.Text,
                Logprobs = c.Logprobs is { } logprobs
                    ? LogprobsMapper.Completion(c.Result.PromptLogprobs, c.Plan.Request.PromptTokens, _tokenText, logprobs, c.Result.PromptLogprobs is null ? (c.Plan.Echo?.Length ?? 0) : 0)
                    : null,
                FinishReason = GenerationRunner.FinishReasonText(c.Result.FinishReason),
            }).ToList(),
        };
        return ResponseJson.WriteAsync(context, completion);
    }
}
