using System.Text;
using Synapse.Node.Tools;
using Synapse.OpenAI.Responses;

namespace Synapse.Node.Responses;

/// <summary>
/// Turns the parsed pieces of a generation (text, reasoning, tool calls) into the response's output items, and — when
/// streaming — into the typed events that build them, in OpenAI's order: each item is added, filled (text deltas, or a
/// call's arguments) and done before the next one starts. Streaming and non-streaming answers share it, so both give
/// the same items. Whitespace between calls never becomes a message of its own.
/// </summary>
internal sealed class ResponseOutputBuilder(Action<ResponseStreamEvent>? emit)
{
    private readonly StringBuilder _text = new();
    private readonly StringBuilder _reasoning = new();
    private ResponseItem? _current;
    private string _pendingSpace = "";

    public List<ResponseItem> Items { get; } = [];

    /// <summary>All the reasoning text, for <c>output_tokens_details.reasoning_tokens</c>.</summary>
    public string ReasoningText => _reasoning.ToString();

    public void Add(OutputPiece piece)
    {
        switch (piece.Kind)
        {
            case OutputPieceKind.Content:
                AddText(piece.Text);
                break;
            case OutputPieceKind.Reasoning:
                AddReasoning(piece.Text);
                break;
            default:
                AddCall(piece);
                break;
        }
    }

    /// <summary>Closes the open item (<c>incomplete</c> when the output was cut); an answer with no item at all gets an empty message.</summary>
    public void Close(bool incomplete)
    {
        var status = incomplete ? ResponseObject.Incomplete : ResponseObject.Completed;
        if (_current is null && Items.Count == 0)
        {
            Open(ResponseItem.MessageType);
            AppendText(_pendingSpace);
        }

        if (_current is not null)
        {
            CloseCurrent(status);
        }
    }

    private void AddText(string text)
    {
        if (_current?.Type == ResponseItem.ReasoningType)
        {
            CloseCurrent(ResponseObject.Completed);
        }

        if (_current is null)
        {
            if (string.IsNullOrWhiteSpace(text))
            {
                _pendingSpace += text;
                return;
            }

            text = _pendingSpace + text;
            _pendingSpace = "";
            Open(ResponseItem.MessageType);
        }

        AppendText(text);
    }

    private void AddReasoning(string text)
    {
        if (_current?.Type == ResponseItem.MessageType)
        {
            CloseCurrent(ResponseObject.Completed);
        }

        if (_current is null)
        {
            Open(ResponseItem.ReasoningType);
        }

        _reasoning.Append(text);
        AppendText(text);
    }

    private void AddCall(OutputPiece piece)
    {
        if (_current is not null)
        {
            CloseCurrent(ResponseObject.Completed);
        }

        _pendingSpace = "";
        var item = new ResponseItem
        {
            Type = ResponseItem.FunctionCallType,
            Id = ResponseItemIds.NewFunctionCallId(),
            Status = ResponseObject.InProgress,
            CallId = piece.CallId,
            Name = piece.Call!.Name,
            Arguments = "",
        };
        var index = Items.Count;
        Items.Add(item);
        Emit(new ResponseStreamEvent { Type = "response.output_item.added", OutputIndex = index, Item = item });
        Emit(new ResponseStreamEvent { Type = "response.function_call_arguments.delta", ItemId = item.Id, OutputIndex = index, Delta = piece.Call.Arguments });
        item.Arguments = piece.Call.Arguments;
        item.Status = ResponseObject.Completed;
        Emit(new ResponseStreamEvent { Type = "response.function_call_arguments.done", ItemId = item.Id, OutputIndex = index, Name = item.Name, Arguments = item.Arguments });
        Emit(new ResponseStreamEvent { Type = "response.output_item.done", OutputIndex = index, Item = item });
    }

    private void Open(string type)
    {
        var message = type == ResponseItem.MessageType;
        _current = new ResponseItem
        {
            Type = type,
            Id = message ? ResponseItemIds.NewMessageId() : ResponseItemIds.NewReasoningId(),
            Status = ResponseObject.InProgress,
            Role = message ? "assistant" : null,
            Content = ResponseContent.FromParts([]),
            Summary = message ? null : [],
        };
        Items.Add(_current);
        var index = Items.Count - 1;
        Emit(new ResponseStreamEvent { Type = "response.output_item.added", OutputIndex = index, Item = _current });
        Emit(new ResponseStreamEvent { Type = "response.content_part.added", ItemId = _current.Id, OutputIndex = index, ContentIndex = 0, Part = Part(message, "") });
    }

    private void AppendText(string text)
    {
        if (text.Length == 0)
        {
            return;
        }

        _text.Append(text);
        var message = _current!.Type == ResponseItem.MessageType;
        Emit(new ResponseStreamEvent
        {
            Type = message ? "response.output_text.delta" : "response.reasoning_text.delta",
            ItemId = _current.Id,
            OutputIndex = Items.Count - 1,
            ContentIndex = 0,
            Delta = text,
            Logprobs = message ? [] : null,
        });
    }

    private void CloseCurrent(string status)
    {
        var item = _current!;
        var index = Items.Count - 1;
        var message = item.Type == ResponseItem.MessageType;
        var text = _text.ToString();
        _text.Clear();
        _current = null;
        Emit(new ResponseStreamEvent
        {
            Type = message ? "response.output_text.done" : "response.reasoning_text.done",
            ItemId = item.Id,
            OutputIndex = index,
            ContentIndex = 0,
            Text = text,
            Logprobs = message ? [] : null,
        });
        var part = Part(message, text);
        Emit(new ResponseStreamEvent { Type = "response.content_part.done", ItemId = item.Id, OutputIndex = index, ContentIndex = 0, Part = part });
        item.Content = ResponseContent.FromParts([part]);
        item.Status = status;
        Emit(new ResponseStreamEvent { Type = "response.output_item.done", OutputIndex = index, Item = item });
    }

    private static ResponseContentPart Part(bool message, string text) =>
        message ? ResponseContentPart.Output(text) : new ResponseContentPart { Type = ResponseContentPart.ReasoningText, Text = text };

    private void Emit(ResponseStreamEvent e) => emit?.Invoke(e);
}
