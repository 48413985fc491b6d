using System.Text.Json;
using Synapse.OpenAI.Errors;
using Synapse.OpenAI.Serialization;
using Synapse.OpenAI.Validation;

namespace Synapse.OpenAI.Responses;

/// <summary>
/// Checks a <c>POST /v1/responses</c> request in the Responses API's own terms (params such as <c>input[2].call_id</c>,
/// <c>text.format.schema</c>) and refuses by name what this server cannot honour: built-in tools, <c>background</c>,
/// <c>conversation</c>, <c>prompt</c>, <c>include</c>, reasoning settings, unknown item types. What it passes is then
/// mapped onto a chat request, which the chat validator checks too.
/// </summary>
public sealed class ResponseRequestValidator(RequestLimits limits)
{
    private static readonly string[] Roles = ["user", "system", "developer", "assistant"];
    private static readonly string[] ItemTypes =
        [ResponseItem.MessageType, ResponseItem.FunctionCallType, ResponseItem.FunctionCallOutputType, ResponseItem.ReasoningType];
    private static readonly string[] InputPartTypes = [ResponseContentPart.InputText];
    private static readonly string[] AssistantPartTypes = [ResponseContentPart.OutputText, ResponseContentPart.RefusalType, ResponseContentPart.InputText];
    private static readonly string[] MediaPartTypes = ["input_image", "input_file", "input_audio"];
    private static readonly string[] ToolChoiceModes = ["none", "auto", "required"];
    private static readonly string[] FormatTypes = ["text", "json_object", "json_schema"];
    private static readonly string[] TruncationModes = ["auto", "disabled"];

    public const int MaxMetadataPairs = 16;
    public const int MaxMetadataKeyLength = 64;
    public const int MaxMetadataValueLength = 512;

    public ApiError? Validate(ResponseRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return CommonChecks.Model(request.Model, limits)
            ?? UnicodeText("tool_choice", request.ToolChoice)
            ?? UnicodeText("text.format.schema", request.Text?.Format?.Schema)
            ?? UnicodeText("reasoning", request.Reasoning)
            ?? ToolsText(request.Tools)
            ?? Unhonoured(request)
            ?? Input(request.Input)
            ?? CommonChecks.Range("temperature", request.Temperature, SamplingLimits.MinTemperature, SamplingLimits.MaxTemperature)
            ?? CommonChecks.Range("top_p", request.TopP, SamplingLimits.MinTopP, SamplingLimits.MaxTopP)
            ?? CommonChecks.Range("max_output_tokens", request.MaxOutputTokens, 1, int.MaxValue)
            ?? Metadata(request.Metadata)
            ?? Tools(request.Tools)
            ?? ToolChoice(request.ToolChoice, request.Tools)
            ?? Format(request.Text?.Format);
    }

    /// <summary>
    /// A field kept as raw JSON is decoded only when read; a lone surrogate escape in it (<c>"\ud800"</c>) would then
    /// throw. Each such field is decoded once here, before anything reads it.
    /// </summary>
    private static ApiError? UnicodeText(string param, JsonElement? element) =>
        element is { } value && !CommonChecks.HoldsOnlyText(value)
            ? ApiError.InvalidValue(param, $"Invalid '{param}': a string in it is not valid Unicode text (an unpaired surrogate escape such as \\ud800).")
            : null;

    private static ApiError? ToolsText(List<ResponseTool>? tools)
    {
        for (var i = 0; i < (tools?.Count ?? 0); i++)
        {
            if (UnicodeText($"tools[{i}].parameters", tools![i]?.Parameters) is { } error) return error;
        }
        return null;
    }

    /// <summary>Fields OpenAI accepts that this server cannot honour: each a 400 naming it, never silently ignored.</summary>
    private static ApiError? Unhonoured(ResponseRequest request)
    {
        if (request.Background == true)
            return ApiError.Unsupported("background", "Background responses ('background': true) are not supported by this server.");
        if (request.Conversation is { ValueKind: not JsonValueKind.Null })
            return ApiError.Unsupported("conversation", "Conversations ('conversation') are not supported by this server; use 'previous_response_id'.");
        if (request.Prompt is { ValueKind: not JsonValueKind.Null })
            return ApiError.Unsupported("prompt", "Prompt templates ('prompt') are not supported by this server.");
        if (request.Include is { Count: > 0 } include)
            return ApiError.UnsupportedValue("include[0]", $"Invalid 'include[0]': '{include[0]}' cannot be included by this server.");
        if (request.Reasoning is { ValueKind: JsonValueKind.Object } reasoning)
        {
            foreach (var name in new[] { "effort", "summary", "generate_summary" })
            {
                if (reasoning.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null)
                    return ApiError.Unsupported($"reasoning.{name}", $"'reasoning.{name}' is not supported by this server: a thinking model here thinks as its template makes it, without effort levels or summaries.");
            }
        }
        else if (request.Reasoning is { ValueKind: not JsonValueKind.Null } other)
            return ApiError.InvalidType("reasoning", "an object", JsonKinds.Describe(other));
        if (request.Truncation is { } truncation)
        {
            if (!TruncationModes.Contains(truncation)) return ApiError.InvalidValue("truncation", truncation, TruncationModes);
            if (truncation == "auto")
                return ApiError.UnsupportedValue("truncation", "'truncation': 'auto' is not supported by this server: an input over the context is refused, never cut.");
        }
        if (request.TopLogprobs is > 0)
            return ApiError.Unsupported("top_logprobs", "'top_logprobs' is not supported by the Responses endpoint of this server.");
        if (request.StreamOptions is { ValueKind: not JsonValueKind.Null } && request.Stream != true)
            return ApiError.InvalidValue("stream_options", "The 'stream_options' parameter is only allowed when 'stream' is enabled.");
        return null;
    }

    private static ApiError? Input(ResponseInput? input)
    {
        if (input is null) return ApiError.MissingParameter("input");
        if (input.Items is not { } items) return null;
        if (items.Count == 0) return ApiError.EmptyArray("input");
        for (var i = 0; i < items.Count; i++)
        {
            if (Item(items[i], $"input[{i}]") is { } error) return error;
        }
        return null;
    }

    private static ApiError? Item(ResponseItem? item, string path)
    {
        if (item is null) return ApiError.InvalidType(path, "an object", "null");
        var type = item.Type ?? (item.Role is not null ? ResponseItem.MessageType : null);
        switch (type)
        {
            case null:
                return ApiError.MissingParameter(path + ".type");
            case ResponseItem.MessageType:
                if (item.Role is null) return ApiError.MissingParameter(path + ".role");
                if (!Roles.Contains(item.Role)) return ApiError.InvalidValue(path + ".role", item.Role, Roles);
                if (item.Content is null) return ApiError.MissingParameter(path + ".content");
                return Parts(item.Content.Parts, path + ".content", item.Role == "assistant" ? AssistantPartTypes : InputPartTypes);
            case ResponseItem.FunctionCallType:
                if (item.CallId is null) return ApiError.MissingParameter(path + ".call_id");
                if (item.Name is null) return ApiError.MissingParameter(path + ".name");
                return item.Arguments is null ? ApiError.MissingParameter(path + ".arguments") : null;
            case ResponseItem.FunctionCallOutputType:
                if (item.CallId is null) return ApiError.MissingParameter(path + ".call_id");
                return CallOutput(item.Output, path + ".output");
            case ResponseItem.ReasoningType:
                if (item.EncryptedContent is not null)
                    return ApiError.UnsupportedValue(path + ".encrypted_content", $"Invalid '{path}.encrypted_content': this server does not make or read encrypted reasoning.");
                return Parts(item.Summary, path + ".summary", [ResponseContentPart.SummaryText])
                    ?? Parts(item.Content?.Parts, path + ".content", [ResponseContentPart.ReasoningText]);
            default:
                return ApiError.UnsupportedValue(path + ".type",
                    $"Invalid '{path}.type': items of type '{type}' are not supported by this server. Supported types are: {string.Join(", ", ItemTypes.Select(t => $"'{t}'"))}.");
        }
    }

    private static ApiError? Parts(List<ResponseContentPart>? parts, string path, string[] types)
    {
        if (parts is null) return null;
        for (var j = 0; j < parts.Count; j++)
        {
            var part = parts[j];
            var partPath = $"{path}[{j}]";
            if (part.Type is null) return ApiError.MissingParameter(partPath + ".type");
            if (!types.Contains(part.Type))
            {
                return MediaPartTypes.Contains(part.Type)
                    ? ApiError.UnsupportedValue(partPath + ".type", $"Content parts of type '{part.Type}' are not supported: this server reads text only.")
                    : ApiError.InvalidValue(partPath + ".type", part.Type, types);
            }
            if (part.Type == ResponseContentPart.RefusalType ? part.Refusal is null : part.Text is null)
                return ApiError.MissingParameter(partPath + (part.Type == ResponseContentPart.RefusalType ? ".refusal" : ".text"));
        }
        return null;
    }

    private static ApiError? CallOutput(JsonElement? output, string path)
    {
        if (output is not { } value || value.ValueKind == JsonValueKind.Null) return ApiError.MissingParameter(path);
        if (value.ValueKind is not (JsonValueKind.String or JsonValueKind.Array))
            return ApiError.InvalidType(path, "one of a string or array of objects", JsonKinds.Describe(value));
        if (UnicodeText(path, value) is { } badText) return badText;
        if (value.ValueKind == JsonValueKind.Array)
        {
            var j = 0;
            foreach (var part in value.EnumerateArray())
            {
                var partPath = $"{path}[{j++}]";
                if (part.ValueKind != JsonValueKind.Object) return ApiError.InvalidType(partPath, "an object", JsonKinds.Describe(part));
                if (!part.TryGetProperty("type", out var type) || type.ValueKind != JsonValueKind.String) return ApiError.MissingParameter(partPath + ".type");
                if (type.GetString() != ResponseContentPart.InputText)
                    return ApiError.UnsupportedValue(partPath + ".type", $"Function call outputs of type '{type.GetString()}' are not supported: this server reads text only.");
                if (!part.TryGetProperty("text", out var text) || text.ValueKind != JsonValueKind.String) return ApiError.MissingParameter(partPath + ".text");
            }
        }
        return null;
    }

    private static ApiError? Metadata(Dictionary<string, string>? metadata)
    {
        if (metadata is null) return null;
        if (metadata.Count > MaxMetadataPairs)
            return ApiError.InvalidValue("metadata", $"Invalid 'metadata': too many properties. Expected an object with at most {MaxMetadataPairs} properties, but got an object with {metadata.Count} properties instead.");
        foreach (var (key, value) in metadata)
        {
            if (key.Length > MaxMetadataKeyLength)
                return ApiError.InvalidValue("metadata", $"Invalid 'metadata': key '{key[..16]}…' is longer than {MaxMetadataKeyLength} characters.");
            if (value is null) return ApiError.InvalidType($"metadata.{key}", "a string", "null");
            if (value.Length > MaxMetadataValueLength)
                return ApiError.InvalidValue($"metadata.{key}", $"Invalid 'metadata.{key}': string too long. Expected a string with maximum length {MaxMetadataValueLength}, but got a string with length {value.Length} instead.");
        }
        return null;
    }

    private ApiError? Tools(List<ResponseTool>? tools)
    {
        if (tools is null) return null;
        for (var i = 0; i < tools.Count; i++)
        {
            var path = $"tools[{i}]";
            if (tools[i] is not { } tool) return ApiError.InvalidType(path, "an object", "null");
            if (tool.Type is null) return ApiError.MissingParameter(path + ".type");
            if (tool.Type != "function")
                return ApiError.UnsupportedValue(path + ".type", $"Invalid '{path}.type': tools of type '{tool.Type}' are not supported by this server; only function tools are.");
            if (tool.Name is null) return ApiError.MissingParameter(path + ".name");
            if (CommonChecks.FunctionName(path + ".name", tool.Name) is { } badName) return badName;
            if (tool.Parameters is { } parameters && parameters.ValueKind is not (JsonValueKind.Object or JsonValueKind.Null))
                return ApiError.InvalidType(path + ".parameters", "an object", JsonKinds.Describe(parameters));
            for (var j = 0; j < i; j++)
            {
                if (tools[j]?.Name == tool.Name)
                    return ApiError.InvalidValue(path + ".name", $"Invalid 'tools': the function name '{tool.Name}' is used more than once. Function names must be unique.");
            }
        }
        return tools.Count > 0 && !limits.SupportsTools
            ? ApiError.Unsupported("tools", "Tool calling ('tools') is not supported by this server.")
            : null;
    }

    private static ApiError? ToolChoice(JsonElement? toolChoice, List<ResponseTool>? tools)
    {
        if (toolChoice is not { } choice || choice.ValueKind == JsonValueKind.Null) return null;
        var hasTools = tools is { Count: > 0 };
        bool forcing;
        switch (choice.ValueKind)
        {
            case JsonValueKind.String:
                var mode = choice.GetString()!;
                if (!ToolChoiceModes.Contains(mode)) return ApiError.InvalidValue("tool_choice", mode, ToolChoiceModes);
                forcing = mode == "required";
                break;
            case JsonValueKind.Object:
                if (!choice.TryGetProperty("type", out var type) || type.ValueKind != JsonValueKind.String)
                    return ApiError.MissingParameter("tool_choice.type");
                if (type.GetString() != "function")
                    return ApiError.UnsupportedValue("tool_choice.type", $"Invalid 'tool_choice.type': '{type.GetString()}' is not supported by this server; use 'none', 'auto', 'required' or a function.");
                if (!choice.TryGetProperty("name", out var name) || name.ValueKind != JsonValueKind.String)
                    return ApiError.MissingParameter("tool_choice.name");
                var named = name.GetString()!;
                if (hasTools && !tools!.Exists(t => t?.Name == named))
                    return ApiError.InvalidValue("tool_choice", $"Invalid value for 'tool_choice': no function named '{named}' was specified in 'tools'.");
                forcing = true;
                break;
            default:
                return ApiError.InvalidType("tool_choice", "one of a string or object", JsonKinds.Describe(choice));
        }
        return forcing && !hasTools
            ? ApiError.InvalidValue("tool_choice", "Invalid value for 'tool_choice': 'tool_choice' is only allowed when 'tools' are specified.")
            : null;
    }

    private ApiError? Format(ResponseTextFormat? format)
    {
        if (format is null) return null;
        if (format.Type is null) return ApiError.MissingParameter("text.format.type");
        if (!FormatTypes.Contains(format.Type)) return ApiError.InvalidValue("text.format.type", format.Type, FormatTypes);
        if (format.Type == "text") return null;
        if (format.Type == "json_schema")
        {
            if (format.Name is null) return ApiError.MissingParameter("text.format.name");
            if (format.Name.Length is 0 or > 64 || !format.Name.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-'))
                return ApiError.InvalidValue("text.format.name", $"Invalid 'text.format.name': '{format.Name}'. Expected a name of 1 to 64 letters, digits, underscores and dashes.");
            if (format.Schema is not { } schema || schema.ValueKind == JsonValueKind.Null) return ApiError.MissingParameter("text.format.schema");
            if (schema.ValueKind != JsonValueKind.Object) return ApiError.InvalidType("text.format.schema", "an object", JsonKinds.Describe(schema));
        }
        return limits.SupportsStructuredOutput
            ? null
            : ApiError.UnsupportedValue("text.format.type", $"'text.format' of type '{format.Type}' is not supported by this server.");
    }
}
