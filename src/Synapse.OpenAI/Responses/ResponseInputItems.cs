namespace Synapse.OpenAI.Responses;

/// <summary>
/// A request's input as the list <c>GET /v1/responses/{id}/input_items</c> returns and a continuation replays: a string
/// becomes one user message, every item gets its type and an id, message content becomes parts, statuses are set.
/// </summary>
public static class ResponseInputItems
{
    public static List<ResponseItem> From(ResponseInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (input.Items is not { } items)
        {
            return [Message("user", ResponseContent.FromText(input.Text ?? ""))];
        }

        return items.Select(item => Normalize(item!)).ToList();
    }

    private static ResponseItem Message(string role, ResponseContent content) =>
        Normalize(new ResponseItem { Type = ResponseItem.MessageType, Role = role, Content = content });

    private static ResponseItem Normalize(ResponseItem item)
    {
        var type = item.Type ?? ResponseItem.MessageType;
        var normalized = new ResponseItem
        {
            Type = type,
            Id = item.Id ?? ResponseItemIds.New(type),
            Status = item.Status ?? (type == ResponseItem.ReasoningType ? null : ResponseObject.Completed),
            Role = item.Role,
            Content = item.Content,
            CallId = item.CallId,
            Name = item.Name,
            Arguments = item.Arguments,
            Output = item.Output,
            Summary = type == ResponseItem.ReasoningType ? item.Summary ?? [] : item.Summary,
        };
        if (type == ResponseItem.MessageType && item.Content?.Text is { } text)
        {
            normalized.Content = ResponseContent.FromParts([item.Role == "assistant"
                ? ResponseContentPart.Output(text)
                : new ResponseContentPart { Type = ResponseContentPart.InputText, Text = text }]);
        }

        else if (type == ResponseItem.MessageType && item.Role == "assistant" && item.Content?.Parts is { } parts)
        {
            // Input items list an assistant message as OpenAI lists output messages: output_text with annotations.
            normalized.Content = ResponseContent.FromParts(parts.Select(p => p.Type == ResponseContentPart.RefusalType ? p : ResponseContentPart.Output(p.Text ?? "")).ToList());
        }

        return normalized;
    }
}
