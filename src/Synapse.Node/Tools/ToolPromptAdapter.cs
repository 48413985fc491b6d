using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Synapse.OpenAI.Chat;

namespace Synapse.Node.Tools;

/// <summary>
/// Adapts a conversation to what the template's tool format needs before it is rendered: templates without tool
/// support get the tools and the reply envelope in a system message and earlier calls/results as text; Phi-4-mini
/// reads tools from the system message; Mistral templates insist on 9-character call ids and text content.
/// </summary>
public static class ToolPromptAdapter
{
    public static IReadOnlyList<ChatMessage> Adapt(IReadOnlyList<ChatMessage> messages, ToolCallFormat format, ToolPlan? plan)
    {
        ArgumentNullException.ThrowIfNull(messages);
        return format switch
        {
            ToolCallFormat.Generic when plan is not null || messages.Any(HasToolTraffic) => Generic(messages, plan),
            ToolCallFormat.Phi4Mini => Phi4Mini(messages, plan),
            ToolCallFormat.MistralNemo or ToolCallFormat.MistralArgs => MistralIds(messages),
            _ => messages.Any(EmptyCallMessage) ? messages.Select(WithTextContent).ToList() : messages,
        };
    }

    // Clients send content null beside tool calls; Qwen 3's template tests `in message.content`, which needs text.
    private static bool EmptyCallMessage(ChatMessage message) => message.ToolCalls is { Count: > 0 } && message.Content is null;

    private static ChatMessage WithTextContent(ChatMessage message)
    {
        if (!EmptyCallMessage(message))
        {
            return message;
        }

        var copy = Copy(message, message.Role!, "");
        copy.ToolCalls = message.ToolCalls;
        return copy;
    }

    /// <summary>The instructions templates without tool support get (llama.cpp's generic format, in words).</summary>
    public static string GenericInstructions(ToolPlan plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var tools = new JsonArray(plan.Callable.Select(f => (JsonNode?)FunctionJson(f)).ToArray());
        var builder = new StringBuilder();
        builder.Append("You can call these tools (JSON Schema of each function's arguments):\n");
        builder.Append(tools.ToJsonString());
        builder.Append("\n\nReply with one JSON object. To call tools: {\"tool_calls\": [{\"name\": \"<function name>\", \"arguments\": {…}}]}");
        if (!plan.ForcesCall)
        {
            builder.Append(plan.ResponseSchema is { } schema
                ? ". To answer without a tool: {\"response\": <your answer, a JSON value following this JSON Schema: " + schema.GetRawText() + ">}"
                : ". To answer without a tool: {\"response\": \"<your answer>\"}");
        }

        builder.Append('.');
        return builder.ToString();
    }

    private static bool HasToolTraffic(ChatMessage message) => message.Role == ChatRoles.Tool || message.ToolCalls is { Count: > 0 };

    private static IReadOnlyList<ChatMessage> Generic(IReadOnlyList<ChatMessage> messages, ToolPlan? plan)
    {
        var result = new List<ChatMessage>(messages.Count + 1);
        foreach (var message in messages)
        {
            if (message.ToolCalls is { Count: > 0 } calls)
            {
                var envelope = new JsonObject { ["tool_calls"] = new JsonArray(calls.Select(c => (JsonNode?)CallJson(c)).ToArray()) };
                result.Add(Copy(message, ChatRoles.Assistant, envelope.ToJsonString()));
            }
            else if (message.Role == ChatRoles.Tool)
            {
                var response = new JsonObject
                {
                    ["tool_response"] = new JsonObject { ["tool_call_id"] = message.ToolCallId, ["content"] = message.Content?.GetText() },
                };
                result.Add(Copy(message, ChatRoles.User, response.ToJsonString()));
            }
            else
            {
                result.Add(message);
            }
        }

        if (plan is null || plan.Mode == ToolChoiceMode.None)
        {
            return result;
        }

        var instructions = GenericInstructions(plan);
        if (result.Count > 0 && result[0].Role is ChatRoles.System or ChatRoles.Developer)
        {
            result[0] = Copy(result[0], ChatRoles.System, (result[0].Content?.GetText() ?? "") + "\n\n" + instructions);
        }
        else
        {
            result.Insert(0, new ChatMessage { Role = ChatRoles.System, Content = instructions });
        }

        return result;
    }

    private static IReadOnlyList<ChatMessage> Phi4Mini(IReadOnlyList<ChatMessage> messages, ToolPlan? plan)
    {
        var result = new List<ChatMessage>(messages.Count + 1);
        foreach (var message in messages)
        {
            if (message.ToolCalls is { Count: > 0 } calls && string.IsNullOrEmpty(message.Content?.GetText()))
            {
                var array = new JsonArray(calls.Select(c => (JsonNode?)CallJson(c)).ToArray());
                result.Add(Copy(message, ChatRoles.Assistant, Phi4MiniToolCallSyntax.Open + array.ToJsonString() + Phi4MiniToolCallSyntax.Close));
            }
            else
            {
                result.Add(message);
            }
        }

        if (plan is null)
        {
            return result;
        }

        // The template prints message['tools'] of the system message: the function definitions as a JSON string.
        var tools = new JsonArray(plan.Functions.Select(f => (JsonNode?)FunctionJson(f)).ToArray()).ToJsonString();
        var index = result.FindIndex(m => m.Role == ChatRoles.System);
        var system = index >= 0 ? result[index] : new ChatMessage { Role = ChatRoles.System, Content = "" };
        var withTools = Copy(system, ChatRoles.System, system.Content?.GetText() ?? "");
        withTools.ExtensionData = new Dictionary<string, JsonElement>(system.ExtensionData ?? [], StringComparer.Ordinal)
        {
            ["tools"] = JsonDocument.Parse(JsonValue.Create(tools).ToJsonString()).RootElement.Clone(),
        };
        if (index >= 0)
        {
            result[index] = withTools;
        }
        else
        {
            result.Insert(0, withTools);
        }

        return result;
    }

    private static IReadOnlyList<ChatMessage> MistralIds(IReadOnlyList<ChatMessage> messages)
    {
        if (!messages.Any(HasToolTraffic))
        {
            return messages;
        }

        var result = new List<ChatMessage>(messages.Count);
        foreach (var message in messages)
        {
            var copy = Copy(message, message.Role!, null);
            // Devstral's template indexes content even beside calls: an absent one is empty text.
            copy.Content = message.Content ?? (message.ToolCalls is { Count: > 0 } ? ChatMessageContent.FromText("") : null);
            copy.ToolCalls = message.ToolCalls?.Select(c => new ChatToolCall { Id = MistralId(c.Id), Type = c.Type, Function = c.Function }).ToList();
            copy.ToolCallId = message.ToolCallId is null ? null : MistralId(message.ToolCallId);
            result.Add(copy);
        }

        return result;
    }

    /// <summary>Mistral's templates reject ids that are not 9 alphanumerics: others are mapped, stably, to such an id.</summary>
    public static string MistralId(string? id)
    {
        if (id is { Length: 9 } && id.All(char.IsAsciiLetterOrDigit))
        {
            return id;
        }

        const string alphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(id ?? ""));
        var chars = new char[9];
        for (var i = 0; i < chars.Length; i++)
        {
            chars[i] = alphabet[hash[i] % alphabet.Length];
        }

        return new string(chars);
    }

    private static JsonObject FunctionJson(ChatFunctionDefinition function)
    {
        var json = new JsonObject { ["name"] = function.Name };
        if (function.Description is not null)
        {
            json["description"] = function.Description;
        }

        json["parameters"] = function.Parameters is { ValueKind: JsonValueKind.Object } parameters
            ? JsonNode.Parse(parameters.GetRawText())
            : new JsonObject { ["type"] = "object", ["properties"] = new JsonObject() };
        return json;
    }

    private static JsonObject CallJson(ChatToolCall call)
    {
        JsonNode? arguments;
        try
        {
            arguments = JsonNode.Parse(call.Function?.Arguments ?? "{}");
        }
        catch (JsonException)
        {
            arguments = JsonValue.Create(call.Function?.Arguments);
        }

        return new JsonObject { ["name"] = call.Function?.Name, ["arguments"] = arguments };
    }

    private static ChatMessage Copy(ChatMessage message, string role, string? content) => new()
    {
        Role = role,
        Content = content is null ? null : ChatMessageContent.FromText(content),
        Name = message.Name,
        Refusal = message.Refusal,
        ExtensionData = message.ExtensionData,
    };
}
