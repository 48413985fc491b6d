using System.Text.Json;
using Synapse.OpenAI.Chat;
using Synapse.OpenAI.Serialization;

namespace Synapse.Node.Prompting;

/// <summary>
/// The request's messages and tools as chat templates expect them (as vLLM passes them): content as one string
/// (text parts joined by a newline), tool-call arguments parsed into objects when they are JSON objects, extra
/// message fields (reasoning_content, ...) kept.
/// </summary>
public static class TemplateMessages
{
    public static List<object?> From(IReadOnlyList<ChatMessage> messages, bool foldSystemIntoUser)
    {
        var result = new List<object?>(messages.Count);
        var pendingSystem = new List<string>();
        foreach (var message in messages)
        {
            if (foldSystemIntoUser && message.Role == ChatRoles.System)
            {
                pendingSystem.Add(message.Content?.GetText() ?? "");
                continue;
            }

            var converted = Convert(message);
            if (pendingSystem.Count > 0 && message.Role == ChatRoles.User)
            {
                converted["content"] = string.Join("\n\n", pendingSystem) + "\n\n" + (message.Content?.GetText() ?? "");
                pendingSystem.Clear();
            }

            result.Add(converted);
        }

        if (pendingSystem.Count > 0)
        {
            // No user turn to fold into: the system text becomes the first user turn.
            result.Insert(0, new OrderedDictionary<string, object?> { ["role"] = ChatRoles.User, ["content"] = string.Join("\n\n", pendingSystem) });
        }

        return result;
    }

    private static OrderedDictionary<string, object?> Convert(ChatMessage message)
    {
        var converted = new OrderedDictionary<string, object?>
        {
            ["role"] = message.Role,
            ["content"] = message.Content?.GetText(),
        };
        if (message.Name is not null)
        {
            converted["name"] = message.Name;
        }

        if (message.ToolCalls is { } calls)
        {
            converted["tool_calls"] = calls.Select(ToolCall).ToList();
        }

        if (message.ToolCallId is not null)
        {
            converted["tool_call_id"] = message.ToolCallId;
        }

        if (message.Refusal is not null)
        {
            converted["refusal"] = message.Refusal;
        }

        foreach (var (key, value) in message.ExtensionData ?? [])
        {
            converted.TryAdd(key, value);
        }

        return converted;
    }

    private static object? ToolCall(ChatToolCall call)
    {
        var function = new OrderedDictionary<string, object?> { ["name"] = call.Function?.Name, ["arguments"] = Arguments(call.Function?.Arguments) };
        var converted = new OrderedDictionary<string, object?>();
        if (call.Id is not null)
        {
            converted["id"] = call.Id;
        }

        converted["type"] = call.Type ?? "function";
        converted["function"] = function;
        return converted;
    }

    /// <summary>OpenAI sends arguments as JSON text; templates index into them (and tojson them), so an object is parsed.</summary>
    private static object? Arguments(string? arguments)
    {
        if (arguments is null)
        {
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(arguments);
            return document.RootElement.ValueKind == JsonValueKind.Object ? document.RootElement.Clone() : arguments;
        }
        catch (JsonException)
        {
            return arguments;
        }
    }

    public static JsonElement? Tools(IReadOnlyList<ChatTool>? tools) =>
        tools is { Count: > 0 } ? JsonSerializer.SerializeToElement(tools, OpenAIJson.TypeInfo<List<ChatTool>>()) : null;
}
