using System.Text;
using Microsoft.AspNetCore.Http;
using Synapse.Engine.Generation;
using Synapse.Node.Generation;
using Synapse.Node.Streaming;
using Synapse.Node.Tools;
using Synapse.OpenAI.Chat;
using Synapse.OpenAI.Common;
using Synapse.OpenAI.Serialization;

namespace Synapse.Node.Chat;

/// <summary>
/// Chat answers: <c>chat.completion</c>, or <c>chat.completion.chunk</c> events from one reused chunk object. Each
/// choice's text goes through a <see cref="ChatOutputParser"/>, which splits off reasoning and tool calls.
/// </summary>
internal sealed class ChatResponseFormatter : IResponseFormatter
{
    private static readonly List<ChatCompletionChunkChoice> NoChoices = [];

    private readonly ChatCompletionChunk _chunk;
    private readonly ChatCompletionChunkChoice _choice;
    private readonly ChatOutputOptions _output;
    // Streamed answers hand calls out as they are written.
    private readonly ChatOutputOptions _streamOutput;
    private readonly Dictionary<int, ChatOutputParser> _parsers = [];

    // The parser may hold text back (a possible call marker): a choice's logprobs wait for the next chunk it writes.
    private readonly Dictionary<int, List<TokenLogprob>> _pendingLogprobs = [];

    public ChatResponseFormatter(string id, long created, string model, string fingerprint, bool includeUsage, ChatOutputOptions? output = null)
    {
        _output = output ?? ChatOutputOptions.PlainText;
        _streamOutput = _output with { StreamArguments = true };
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

    public void WriteChoiceStart(SseWriter sse, ChoicePlan choice, IReadOnlyList<TokenLogprob?>? promptLogprobs)
    {
        _parsers[choice.Index] = new ChatOutputParser(_streamOutput);
        Write(sse, choice.Index, ChatRoles.Assistant, "", null);
    }

    public void WriteDelta(SseWriter sse, int choiceIndex, string text) => WritePieces(sse, choiceIndex, Parser(choiceIndex).Append(text));

    public void WriteDelta(SseWriter sse, int choiceIndex, string text, IReadOnlyList<TokenLogprob>? logprobs)
    {
        Hold(choiceIndex, logprobs);
        WriteDelta(sse, choiceIndex, text);
    }

    public void WriteChoiceEnd(SseWriter sse, int choiceIndex, string finishReason, IReadOnlyList<TokenLogprob>? logprobs)
    {
        Hold(choiceIndex, logprobs);
        WriteChoiceEnd(sse, choiceIndex, finishReason);
    }

    private void Hold(int choiceIndex, IReadOnlyList<TokenLogprob>? logprobs)
    {
        if (logprobs is not { Count: > 0 })
        {
            return;
        }

        if (!_pendingLogprobs.TryGetValue(choiceIndex, out var pending))
        {
            pending = _pendingLogprobs[choiceIndex] = [];
        }

        pending.AddRange(logprobs);
    }

    public void WriteChoiceEnd(SseWriter sse, int choiceIndex, string finishReason)
    {
        var parser = Parser(choiceIndex);
        WritePieces(sse, choiceIndex, parser.Finish());
        Write(sse, choiceIndex, null, null, FinishReason(finishReason, parser.CallCount));
    }

    public void WriteUsage(SseWriter sse, Usage usage)
    {
        _chunk.Choices = NoChoices;
        _chunk.Usage = usage;
        sse.WriteData(_chunk, OpenAIJson.TypeInfo<ChatCompletionChunk>());
    }

    private ChatOutputParser Parser(int choiceIndex)
    {
        if (!_parsers.TryGetValue(choiceIndex, out var parser))
        {
            parser = _parsers[choiceIndex] = new ChatOutputParser(_streamOutput);
        }

        return parser;
    }

    private void WritePieces(SseWriter sse, int index, IReadOnlyList<OutputPiece> pieces)
    {
        foreach (var piece in pieces)
        {
            switch (piece.Kind)
            {
                case OutputPieceKind.Content:
                    Write(sse, index, null, piece.Text, null);
                    break;
                case OutputPieceKind.Reasoning:
                    Write(sse, index, null, null, null, reasoning: piece.Text);
                    break;
                case OutputPieceKind.ToolCallStart:
                    // OpenAI's shape: the first delta of a call names it with empty arguments, later ones carry
                    // only the index and argument text.
                    Write(sse, index, null, null, null, toolCall: new ChatToolCall
                    {
                        Index = piece.CallIndex,
                        Id = piece.CallId,
                        Type = "function",
                        Function = new ChatFunctionCall { Name = piece.Call!.Name, Arguments = "" },
                    });
                    break;
                case OutputPieceKind.ToolCallArguments:
                    Write(sse, index, null, null, null, toolCall: new ChatToolCall
                    {
                        Index = piece.CallIndex,
                        Function = new ChatFunctionCall { Arguments = piece.Text },
                    });
                    break;
                default:
                    // A call that came whole: its start, then all its arguments.
                    Write(sse, index, null, null, null, toolCall: new ChatToolCall
                    {
                        Index = piece.CallIndex,
                        Id = piece.CallId,
                        Type = "function",
                        Function = new ChatFunctionCall { Name = piece.Call!.Name, Arguments = "" },
                    });
                    Write(sse, index, null, null, null, toolCall: new ChatToolCall
                    {
                        Index = piece.CallIndex,
                        Function = new ChatFunctionCall { Arguments = piece.Call.Arguments },
                    });
                    break;
            }
        }
    }

    private void Write(SseWriter sse, int index, string? role, string? content, string? finishReason, string? reasoning = null, ChatToolCall? toolCall = null)
    {
        _choice.Index = index;
        _choice.Delta.Role = role;
        _choice.Delta.Content = content;
        _choice.Delta.ReasoningContent = reasoning;
        _choice.Delta.ToolCalls = toolCall is null ? null : [toolCall];
        _choice.FinishReason = finishReason;
        _choice.Logprobs = null;
        if (_pendingLogprobs.TryGetValue(index, out var pending) && pending.Count > 0)
        {
            _choice.Logprobs = LogprobsMapper.Chat(pending);
            pending.Clear();
        }

        sse.WriteData(_chunk, OpenAIJson.TypeInfo<ChatCompletionChunk>());
        _choice.Logprobs = null;
    }

    /// <summary>A choice that ended naturally after calling tools finishes with <c>tool_calls</c>, as OpenAI's do.</summary>
    private static string FinishReason(string finishReason, int calls) =>
        calls > 0 && finishReason == FinishReasons.Stop ? FinishReasons.ToolCalls : finishReason;

    public Task WriteResponseAsync(HttpContext context, IReadOnlyList<ChoiceOutcome> choices, Usage usage)
    {
        var completion = new ChatCompletion
        {
            Id = _chunk.Id,
            Created = _chunk.Created,
            Model = _chunk.Model,
            SystemFingerprint = _chunk.SystemFingerprint,
            Usage = usage,
            Choices = choices.Select(Choice).ToList(),
        };
        return ResponseJson.WriteAsync(context, completion);
    }

    private ChatCompletionChoice Choice(ChoiceOutcome outcome)
    {
        var content = new StringBuilder();
        StringBuilder? reasoning = null;
        List<ChatToolCall>? calls = null;
        foreach (var piece in ChatOutputParser.ParseAll(_output, outcome.Text))
        {
            switch (piece.Kind)
            {
                case OutputPieceKind.Content:
                    content.Append(piece.Text);
                    break;
                case OutputPieceKind.Reasoning:
                    (reasoning ??= new StringBuilder()).Append(piece.Text);
                    break;
                default:
                    (calls ??= []).Add(new ChatToolCall
                    {
                        Id = piece.CallId,
                        Type = "function",
                        Function = new ChatFunctionCall { Name = piece.Call!.Name, Arguments = piece.Call.Arguments },
                    });
                    break;
            }
        }

        var text = content.ToString();
        return new ChatCompletionChoice
        {
            Index = outcome.Plan.Index,
            Message = new ChatCompletionMessage
            {
                // OpenAI answers content null when the reply is only calls.
                Content = calls is not null && string.IsNullOrWhiteSpace(text) ? null : text,
                ReasoningContent = reasoning?.ToString(),
                ToolCalls = calls,
            },
            Logprobs = outcome.Logprobs is { } logprobs ? LogprobsMapper.Chat(logprobs) : null,
            FinishReason = FinishReason(GenerationRunner.FinishReasonText(outcome.Result.FinishReason), calls?.Count ?? 0),
        };
    }
}
