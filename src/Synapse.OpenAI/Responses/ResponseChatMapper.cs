using System.Text.Json;
using Synapse.OpenAI.Chat;

namespace Synapse.OpenAI.Responses;

/// <summary>
/// A validated Responses request as the chat request the node already knows how to answer: <c>instructions</c> as the
/// system message, then the conversation's items (earlier turns, then this input) as messages — function calls folded
/// into the assistant message before them, function outputs as tool messages, reasoning as the next assistant
/// message's <c>reasoning_content</c> —, function tools in chat's nested shape, <c>text.format</c> as
/// <c>response_format</c>.
/// </summary>
public static class ResponseChatMapper
{
    public static ChatCompletionRequest ToChat(ResponseRequest request, IEnumerable<ResponseItem> conversation)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(conversation);
        var messages = new List<ChatMessage>();
        if (!string.IsNullOrEmpty(request.Instructions))
        {
            messages.Add(new ChatMessage { Role = ChatRoles.System, Content = request.Instructions });
        }

        AddItems(messages, conversation);
        return new ChatCompletionRequest
        {
            Model = request.Model,
            Messages = messages,
            Temperature = request.Temperature,
            TopP = request.TopP,
            Seed = request.Seed,
            Stream = request.Stream,
            User = request.User,
            MaxCompletionTokens = request.MaxOutputTokens,
            Tools = request.Tools?.Select(Tool).ToList(),
            ToolChoice = ToolChoice(request.ToolChoice),
            ParallelToolCalls = request.ParallelToolCalls,
            ResponseFormat = Format(request.Text?.Format),
        };
    }

    private static void AddItems(List<ChatMessage> messages, IEnumerable<ResponseItem> items)
    {
        string? reasoning = null;
        ChatMessage? assistant = null;
        foreach (var item in items)
        {
            switch (item.Type ?? ResponseItem.MessageType)
            {
                case ResponseItem.ReasoningType:
                    var text = item.Content?.GetText() is { Length: > 0 } content ? content : string.Join("\n", (item.Summary ?? []).Select(p => p.Text));
                    reasoning = reasoning is null ? text : reasoning + "\n" + text;
                    break;
                case ResponseItem.FunctionCallType:
                    if (assistant is null)
                    {
                        assistant = Assistant(null, ref reasoning);
                        messages.Add(assistant);
                    }

                    (assistant.ToolCalls ??= []).Add(new ChatToolCall
                    {
                        Id = item.CallId,
                        Type = "function",
                        Function = new ChatFunctionCall { Name = item.Name, Arguments = item.Arguments },
                    });
                    break;
                case ResponseItem.FunctionCallOutputType:
                    assistant = null;
                    messages.Add(new ChatMessage { Role = ChatRoles.Tool, ToolCallId = item.CallId, Content = OutputText(item.Output) });
                    break;
                default:
                    var role = item.Role == ChatRoles.Developer ? ChatRoles.System : item.Role;
                    if (role == ChatRoles.Assistant)
                    {
                        assistant = Assistant(item.Content?.GetText() ?? "", ref reasoning);
                        messages.Add(assistant);
                    }
                    else
                    {
                        assistant = null;
                        messages.Add(new ChatMessage { Role = role, Content = item.Content?.GetText() ?? "" });
                    }

                    break;
            }
        }
    }

    /// <summary>An assistant message, carrying the reasoning that came before it (templates of thinking models read it).</summary>
    private static ChatMessage Assistant(string? content, ref string? reasoning)
    {
        var message = new ChatMessage { Role = ChatRoles.Assistant, Content = content is null ? null : ChatMessageContent.FromText(content) };
        if (reasoning is { } text)
        {
            message.ExtensionData = new Dictionary<string, JsonElement> { ["reasoning_content"] = JsonElementOf(writer => writer.WriteStringValue(text)) };
            reasoning = null;
        }

        return message;
    }

    private static string OutputText(JsonElement? output) => output switch
    {
        { ValueKind: JsonValueKind.String } text => text.GetString()!,
        { ValueKind: JsonValueKind.Array } parts => string.Join("\n", parts.EnumerateArray().Select(p => p.GetProperty("text").GetString())),
        _ => "",
    };

    private static ChatTool Tool(ResponseTool tool) => new()
    {
        Type = "function",
        Function = new ChatFunctionDefinition { Name = tool.Name, Description = tool.Description, Parameters = tool.Parameters, Strict = tool.Strict },
    };

    /// <summary>A named function's choice in chat's nested shape; the modes are the same strings.</summary>
    private static JsonElement? ToolChoice(JsonElement? choice)
    {
        if (choice is not { ValueKind: JsonValueKind.Object } named)
        {
            return choice;
        }

        return JsonElementOf(writer =>
        {
            writer.WriteStartObject();
            writer.WriteString("type", "function");
            writer.WriteStartObject("function");
            writer.WriteString("name", named.GetProperty("name").GetString());
            writer.WriteEndObject();
            writer.WriteEndObject();
        });
    }

    private static ResponseFormat? Format(ResponseTextFormat? format)
    {
        if (format is null)
        {
            return null;
        }

        if (format.Type != ResponseFormat.JsonSchemaType)
        {
            return new ResponseFormat { Type = format.Type };
        }

        return new ResponseFormat
        {
            Type = format.Type,
            JsonSchema = JsonElementOf(writer =>
            {
                writer.WriteStartObject();
                writer.WriteString("name", format.Name);
                if (format.Schema is { } schema)
                {
                    writer.WritePropertyName("schema");
                    schema.WriteTo(writer);
                }

                if (format.Strict is { } strict)
                {
                    writer.WriteBoolean("strict", strict);
                }

                writer.WriteEndObject();
            }),
        };
    }

    private static JsonElement JsonElementOf(Action<Utf8JsonWriter> write)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            write(writer);
        }

        using var document = JsonDocument.Parse(buffer.WrittenMemory);
        return document.RootElement.Clone();
    }
}
