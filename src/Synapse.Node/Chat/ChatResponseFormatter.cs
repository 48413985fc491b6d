using Microsoft.AspNetCore.Http;
using Synapse.Engine.Generation;
using Synapse.Node.Generation;
using Synapse.Node.Streaming;
using Synapse.OpenAI.Chat;
using Synapse.OpenAI.Common;
using Synapse.OpenAI.Serialization;

namespace Synapse.Node.Chat;

/// <summary>Chat answers: <c>chat.completion</c>, or <c>chat.completion.chunk</c> events from one reused chunk object.</summary>
internal sealed class ChatResponseFormatter : IResponseFormatter
{
    private static readonly List<ChatCompletionChunkChoice> NoChoices = [];

    private readonly ChatCompletionChunk _chunk;
    private readonly ChatCompletionChunkChoice _choice;

    public ChatResponseFormatter(string id, long created, string model, string fingerprint, bool includeUsage)
    {
        _choice = new ChatCompletionChunkChoice { Delta = new ChatCompletionDelta() };
        _chunk = new ChatCompletionChunk
        {
            Id = id,
            Created = created,
            Model = model,
            SystemFingerprint = fingerprint,
            IncludeUsage = includeUsage,
            Choices = [_choice],
        };
    }

    public void WriteChoiceStart(SseWriter sse, ChoicePlan choice) => Write(sse, choice.Index, ChatRoles.Assistant, "", null);

    public void WriteDelta(SseWriter sse, int choiceIndex, string text) => Write(sse, choiceIndex, null, text, null);

    public void WriteDelta(SseWriter sse, int choiceIndex, string text, IReadOnlyList<TokenLogprob>? logprobs)
    {
        _choice.Logprobs = logprobs is null ? null : LogprobsMapper.Chat(logprobs);
        Write(sse, choiceIndex, null, text, null);
        _choice.Logprobs = null;
    }

    public void WriteChoiceEnd(SseWriter sse, int choiceIndex, string finishReason) => Write(sse, choiceIndex, null, null, finishReason);

    public void WriteChoiceEnd(SseWriter sse, int choiceIndex, string finishReason, IReadOnlyList<TokenLogprob>? logprobs)
    {
        _choice.Logprobs = logprobs is { Count: > 0 } ? LogprobsMapper.Chat(logprobs) : null;
        Write(sse, choiceIndex, null, null, finishReason);
        _choice.Logprobs = null;
    }

    public void WriteUsage(SseWriter sse, Usage usage)
    {
        _chunk.Choices = NoChoices;
        _chunk.Usage = usage;
        sse.WriteData(_chunk, OpenAIJson.TypeInfo<ChatCompletionChunk>());
    }

    private void Write(SseWriter sse, int index, string? role, string? content, string? finishReason)
    {
        _choice.Index = index;
        _choice.Delta.Role = role;
        _choice.Delta.Content = content;
        _choice.FinishReason = finishReason;
        sse.WriteData(_chunk, OpenAIJson.TypeInfo<ChatCompletionChunk>());
    }

    public Task WriteResponseAsync(HttpContext context, IReadOnlyList<ChoiceOutcome> choices, Usage usage)
    {
        var completion = new ChatCompletion
        {
            Id = _chunk.Id,
            Created = _chunk.Created,
            Model = _chunk.Model,
            SystemFingerprint = _chunk.SystemFingerprint,
            Usage = usage,
            Choices = choices.Select(c => new ChatCompletionChoice
            {
                Index = c.Plan.Index,
                Message = new ChatCompletionMessage { Content = c.Text },
                Logprobs = c.Logprobs is { } logprobs ? LogprobsMapper.Chat(logprobs) : null,
                FinishReason = GenerationRunner.FinishReasonText(c.Result.FinishReason),
            }).ToList(),
        };
        return ResponseJson.WriteAsync(context, completion);
    }
}
