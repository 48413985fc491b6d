using Microsoft.AspNetCore.Http;
using Synapse.Engine.Generation;
using Synapse.Node.Generation;
using Synapse.Node.Streaming;
using Synapse.Node.Tools;
using Synapse.OpenAI.Common;
using Synapse.OpenAI.Errors;
using Synapse.OpenAI.Responses;
using Synapse.OpenAI.Serialization;

namespace Synapse.Node.Responses;

/// <summary>
/// Responses answers on the shared generation path: the response object, or its typed events (<c>event:</c> and
/// <c>data:</c> lines, each with its <c>sequence_number</c>) from <c>response.created</c> to <c>response.completed</c>
/// (<c>response.incomplete</c> when cut by <c>max_output_tokens</c>, <c>error</c> and <c>response.failed</c> on a
/// fault). The text goes through the chat path's <see cref="ChatOutputParser"/> (reasoning, tool calls); the finished
/// response is handed to <paramref name="finish"/> (the store) before the client is told it is complete.
/// </summary>
internal sealed class ResponseFormatter(
    ResponseObject response,
    ChatOutputOptions output,
    Func<string, int> countTokens,
    Func<ResponseObject, CancellationToken, ValueTask> finish) : IResponseFormatter
{
    private ResponseOutputBuilder? _builder;
    private ChatOutputParser? _parser;
    private SseWriter? _sse;
    private int _sequence;
    private string _finishReason = FinishReasons.Stop;

    private ResponseOutputBuilder Builder => _builder ??= new ResponseOutputBuilder(e => Write(e.Type, e));

    private ChatOutputParser Parser => _parser ??= new ChatOutputParser(output);

    public void WriteStreamStart(SseWriter sse)
    {
        _sse = sse;
        Write("response.created", new ResponseStreamEvent { Response = response });
        Write("response.in_progress", new ResponseStreamEvent { Response = response });
    }

    public void WriteChoiceStart(SseWriter sse, ChoicePlan choice, IReadOnlyList<TokenLogprob?>? promptLogprobs) => _sse = sse;

    public void WriteDelta(SseWriter sse, int choiceIndex, string text)
    {
        _sse = sse;
        AddAll(Parser.Append(text));
    }

    public void WriteChoiceEnd(SseWriter sse, int choiceIndex, string finishReason)
    {
        _sse = sse;
        AddAll(Parser.Finish());
        _finishReason = finishReason;
    }

    /// <summary>Never asked for (a Responses stream has no usage chunk): the usage rides on <c>response.completed</c>.</summary>
    public void WriteUsage(SseWriter sse, Usage usage)
    {
    }

    public async ValueTask WriteStreamEndAsync(SseWriter sse, Usage usage, bool includeUsage, CancellationToken cancellationToken)
    {
        _sse = sse;
        await CompleteAsync(usage, cancellationToken);
        Write(response.Status == ResponseObject.Incomplete ? "response.incomplete" : "response.completed", new ResponseStreamEvent { Response = response });
    }

    public void WriteStreamError(SseWriter sse, ApiError error)
    {
        _sse = sse;
        Write("error", new ResponseErrorEvent { Code = error.Code ?? error.Type, Message = error.Message, Param = error.Param });
        response.Status = ResponseObject.Failed;
        response.Output = Builder.Items;
        // The response's error codes are OpenAI's short list: an overload is a rate limit, anything else the server's.
        response.Error = new ResponseError { Code = error.StatusCode == 503 ? "rate_limit_exceeded" : "server_error", Message = error.Message };
        Write("response.failed", new ResponseStreamEvent { Response = response });
    }

    public async Task WriteResponseAsync(HttpContext context, IReadOnlyList<ChoiceOutcome> choices, Usage usage)
    {
        var outcome = choices[0];
        AddAll(ChatOutputParser.ParseAll(output, outcome.Text));
        _finishReason = GenerationRunner.FinishReasonText(outcome.Result.FinishReason);
        await CompleteAsync(usage, context.RequestAborted);
        await ResponseJson.WriteAsync(context, response);
    }

    private void AddAll(IReadOnlyList<OutputPiece> pieces)
    {
        foreach (var piece in pieces)
        {
            Builder.Add(piece);
        }
    }

    private async ValueTask CompleteAsync(Usage usage, CancellationToken cancellationToken)
    {
        var incomplete = _finishReason == FinishReasons.Length;
        Builder.Close(incomplete);
        response.Output = Builder.Items;
        response.Status = incomplete ? ResponseObject.Incomplete : ResponseObject.Completed;
        response.IncompleteDetails = incomplete ? new ResponseIncompleteDetails() : null;
        response.CompletedAt = incomplete ? null : OpenAIIds.UnixNow();
        var cached = usage.PromptTokensDetails?.CachedTokens ?? 0;
        var reasoning = Builder.ReasoningText;
        response.Usage = new ResponseUsage
        {
            InputTokens = usage.PromptTokens,
            InputTokensDetails = new ResponseInputTokensDetails { CachedTokens = cached, CacheWriteTokens = usage.PromptTokens - cached },
            OutputTokens = usage.CompletionTokens,
            // The parser splits text, not tokens: the reasoning's tokens are counted by tokenizing it again, never more than the output.
            OutputTokensDetails = new ResponseOutputTokensDetails { ReasoningTokens = reasoning.Length == 0 ? 0 : Math.Min(countTokens(reasoning), usage.CompletionTokens) },
            TotalTokens = usage.TotalTokens,
        };
        await finish(response, cancellationToken);
    }

    private void Write(string type, ResponseStreamEvent e)
    {
        if (_sse is not { } sse)
        {
            return;
        }

        e.Type = type;
        e.SequenceNumber = _sequence++;
        sse.WriteEvent(type, e, OpenAIJson.TypeInfo<ResponseStreamEvent>());
    }

    private void Write(string type, ResponseErrorEvent e)
    {
        e.SequenceNumber = _sequence++;
        _sse!.WriteEvent(type, e, OpenAIJson.TypeInfo<ResponseErrorEvent>());
    }
}
