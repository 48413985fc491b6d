using System.Text.Json;
using Synapse.OpenAI.Chat;
using Synapse.OpenAI.Completions;
using Synapse.OpenAI.Errors;

namespace Synapse.OpenAI.Validation;

/// <summary>
/// Checks parsed requests against OpenAI's rules and this server's <see cref="RequestLimits"/>; returns the first
/// error (status 400, OpenAI's type/code/param) or null. Which model is served is the node's check
/// (<see cref="ApiError.ModelNotFound"/>), as is the context length.
/// </summary>
public sealed class RequestValidator(RequestLimits limits)
{
    private static readonly string[] ToolChoiceModes = ["none", "auto", "required"];
    private static readonly string[] ResponseFormatTypes =
        [ResponseFormat.TextType, ResponseFormat.JsonObjectType, ResponseFormat.JsonSchemaType];
    // Part types OpenAI defines for user messages that this server cannot read: refused as unsupported, not unknown.
    private static readonly string[] MediaPartTypes =
        [ChatContentPartTypes.ImageUrl, ChatContentPartTypes.InputAudio, ChatContentPartTypes.File];
    private static readonly string[] AssistantPartTypes = [ChatContentPartTypes.Text, ChatContentPartTypes.Refusal];
    private static readonly string[] TextPartTypes = [ChatContentPartTypes.Text];

    public RequestValidator() : this(new RequestLimits())
    {
    }

    public RequestLimits Limits { get; } = limits;

    public ApiError? Validate(ChatCompletionRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return CommonChecks.Model(request.Model, Limits)
            ?? Messages(request.Messages)
            ?? CommonChecks.Sampling(request, Limits)
            ?? CommonChecks.Range("max_tokens", request.MaxTokens, 1, int.MaxValue)
            ?? CommonChecks.Range("max_completion_tokens", request.MaxCompletionTokens, 1, int.MaxValue)
            ?? CommonChecks.Stop(request.Stop, Limits)
            ?? CommonChecks.StreamOptions(request.Stream, request.StreamOptions)
            ?? ChatLogprobs(request.Logprobs, request.TopLogprobs)
            ?? CommonChecks.LogitBias(request.LogitBias, Limits)
            ?? UnicodeText("response_format.json_schema", request.ResponseFormat?.JsonSchema)
            ?? ResponseFormatCheck(request.ResponseFormat)
            ?? GrammarCheck(request.Grammar, request.ResponseFormat)
            ?? UnicodeText("tool_choice", request.ToolChoice)
            ?? UnicodeText("function_call", request.FunctionCall)
            ?? Tools(request.Tools, request.ToolChoice)
            ?? Functions(request.Functions, request.FunctionCall)
            ?? ChatTemplateKwargs(request.ChatTemplateKwargs)
            ?? CommonChecks.Extensions(request);
    }

    public ApiError? Validate(Embeddings.EmbeddingRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return CommonChecks.Model(request.Model, Limits)
            ?? EmbeddingInput(request.Input)
            ?? (request.EncodingFormat is { } format && !Embeddings.EmbeddingEncodingFormats.All.Contains(format)
                ? ApiError.InvalidValue("encoding_format", format, Embeddings.EmbeddingEncodingFormats.All)
                : null)
            ?? CommonChecks.Range("dimensions", request.Dimensions, 1, int.MaxValue);
    }

    /// <summary>
    /// <c>input</c>: present, not empty, no empty string or token list, at most OpenAI's 2048 entries, no negative id.
    /// (Ids past the vocabulary and inputs past the model's length are the node's checks.)
    /// </summary>
    private static ApiError? EmbeddingInput(PromptInput? input)
    {
        const string param = "input";
        if (input is null) return ApiError.MissingParameter(param);
        if (input.Count == 0) return ApiError.EmptyArray(param);
        if (input.Count > Embeddings.EmbeddingRequest.MaxInputs) return ApiError.ArrayTooLong(param, Embeddings.EmbeddingRequest.MaxInputs, input.Count);
        for (var i = 0; i < input.Count; i++)
        {
            var path = input.Kind is PromptKind.String or PromptKind.TokenList ? param : $"{param}[{i}]";
            if (!input.IsTokens)
            {
                if (input.Texts[i].Length == 0)
                    return ApiError.InvalidValue(path, $"Invalid '{path}': empty string. Each input must hold text to embed.");
                continue;
            }

            var tokens = input.TokenLists[i];
            if (tokens.Count == 0) return ApiError.EmptyArray(path);
            for (var j = 0; j < tokens.Count; j++)
            {
                if (tokens[j] < 0) return ApiError.IntegerBelowMin($"{path}[{j}]", 0, tokens[j]);
            }
        }

        return null;
    }

    public ApiError? Validate(CompletionRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return CommonChecks.Model(request.Model, Limits)
            ?? Prompt(request.Prompt)
            ?? Suffix(request.Suffix)
            ?? CommonChecks.Range("max_tokens", request.MaxTokens, request.Echo == true ? 0 : 1, int.MaxValue)
            ?? CommonChecks.Sampling(request, Limits)
            ?? BestOf(request.BestOf, request.N ?? 1, request.Stream == true)
            ?? CommonChecks.Stop(request.Stop, Limits)
            ?? CommonChecks.StreamOptions(request.Stream, request.StreamOptions)
            ?? CompletionLogprobs(request.Logprobs)
            ?? CommonChecks.LogitBias(request.LogitBias, Limits)
            ?? UnicodeText("response_format.json_schema", request.ResponseFormat?.JsonSchema)
            ?? ResponseFormatCheck(request.ResponseFormat)
            ?? GrammarCheck(request.Grammar, request.ResponseFormat)
            ?? CommonChecks.Extensions(request);
    }

    // ---- chat -----------------------------------------------------------------------------------------------------

    private static ApiError? Messages(List<ChatMessage>? messages)
    {
        if (messages is null) return ApiError.MissingParameter("messages");
        if (messages.Count == 0) return ApiError.EmptyArray("messages");
        for (var i = 0; i < messages.Count; i++)
        {
            if (Message(messages[i], $"messages[{i}]") is { } error) return error;
        }
        return null;
    }

    private static ApiError? Message(ChatMessage? message, string path)
    {
        if (message is null) return ApiError.InvalidType(path, "an object", "null");
        if (message.Role is null) return ApiError.MissingParameter(path + ".role");
        if (!ChatRoles.All.Contains(message.Role)) return ApiError.InvalidValue(path + ".role", message.Role, ChatRoles.All);
        foreach (var (name, value) in message.ExtensionData ?? [])
        {
            // Fields this server does not know still reach the chat template, which reads their strings.
            if (UnicodeText($"{path}.{name}", value) is { } error) return error;
        }

        switch (message.Role)
        {
            case ChatRoles.Assistant:
                if (message.Content is null && message.ToolCalls is not { Count: > 0 } && message.Refusal is null)
                    return ApiError.MissingParameter(path + ".content");
                return Content(message.Content, path + ".content", AssistantPartTypes) ?? ToolCalls(message.ToolCalls, path);
            case ChatRoles.Tool:
                if (message.ToolCallId is null) return ApiError.MissingParameter(path + ".tool_call_id");
                return RequiredContent(message.Content, path + ".content", TextPartTypes);
            case ChatRoles.Function:
                if (message.Name is null) return ApiError.MissingParameter(path + ".name");
                return RequiredContent(message.Content, path + ".content", TextPartTypes);
            default:
                return RequiredContent(message.Content, path + ".content", TextPartTypes);
        }
    }

    private static ApiError? RequiredContent(ChatMessageContent? content, string path, string[] partTypes) =>
        content is null ? ApiError.MissingParameter(path) : Content(content, path, partTypes);

    private static ApiError? Content(ChatMessageContent? content, string path, string[] partTypes)
    {
        if (content?.Parts is not { } parts) return null;
        if (parts.Count == 0) return ApiError.EmptyArray(path);
        for (var j = 0; j < parts.Count; j++)
        {
            var part = parts[j];
            var partPath = $"{path}[{j}]";
            if (part.Type is null) return ApiError.MissingParameter(partPath + ".type");
            if (!partTypes.Contains(part.Type))
            {
                return MediaPartTypes.Contains(part.Type)
                    ? ApiError.UnsupportedValue(partPath + ".type",
                        $"Content parts of type '{part.Type}' are not supported: this server reads text only.")
                    : ApiError.InvalidValue(partPath + ".type", part.Type, partTypes);
            }
            if (part.Type == ChatContentPartTypes.Text && part.Text is null) return ApiError.MissingParameter(partPath + ".text");
            if (part.Type == ChatContentPartTypes.Refusal && part.Refusal is null) return ApiError.MissingParameter(partPath + ".refusal");
        }
        return null;
    }

    private static ApiError? ToolCalls(List<ChatToolCall>? calls, string path)
    {
        if (calls is null) return null;
        for (var j = 0; j < calls.Count; j++)
        {
            var callPath = $"{path}.tool_calls[{j}]";
            if (calls[j] is not { } call) return ApiError.InvalidType(callPath, "an object", "null");
            if (call.Id is null) return ApiError.MissingParameter(callPath + ".id");
            if (call.Function is null) return ApiError.MissingParameter(callPath + ".function");
            if (call.Function.Name is null) return ApiError.MissingParameter(callPath + ".function.name");
        }
        return null;
    }

    private ApiError? ChatLogprobs(bool? logprobs, int? topLogprobs)
    {
        if (CommonChecks.Range("top_logprobs", topLogprobs, 0, 20) is { } e) return e;
        if (topLogprobs is not null && logprobs != true)
            return ApiError.InvalidValue("top_logprobs", "Invalid value for 'top_logprobs': 'logprobs' must be set to true when 'top_logprobs' is used.");
        if (logprobs == true && !Limits.SupportsLogprobs)
            return ApiError.Unsupported("logprobs", "'logprobs' is not supported by this server.");
        return null;
    }

    private ApiError? ResponseFormatCheck(ResponseFormat? format)
    {
        if (format is null) return null;
        if (format.Type is null) return ApiError.MissingParameter("response_format.type");
        if (!ResponseFormatTypes.Contains(format.Type)) return ApiError.InvalidValue("response_format.type", format.Type, ResponseFormatTypes);
        if (format.Type == ResponseFormat.TextType) return null;
        if (format.Type == ResponseFormat.JsonSchemaType)
        {
            if (format.JsonSchema is not { ValueKind: JsonValueKind.Object } definition)
                return ApiError.MissingParameter("response_format.json_schema");
            if (!definition.TryGetProperty("name", out var name))
                return ApiError.MissingParameter("response_format.json_schema.name");
            if (name.ValueKind != JsonValueKind.String)
                return ApiError.InvalidType("response_format.json_schema.name", "a string", Serialization.JsonKinds.Describe(name));
            var text = name.GetString()!;
            if (text.Length is 0 or > 64 || !text.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-'))
                return ApiError.InvalidValue("response_format.json_schema.name", $"Invalid 'response_format.json_schema.name': '{text}'. Expected a name of 1 to 64 letters, digits, underscores and dashes.");
            if (definition.TryGetProperty("schema", out var schema) && schema.ValueKind is not (JsonValueKind.Object or JsonValueKind.Null))
                return ApiError.InvalidType("response_format.json_schema.schema", "an object", Serialization.JsonKinds.Describe(schema));
            if (definition.TryGetProperty("strict", out var strict) && strict.ValueKind is not (JsonValueKind.True or JsonValueKind.False or JsonValueKind.Null))
                return ApiError.InvalidType("response_format.json_schema.strict", "a boolean", Serialization.JsonKinds.Describe(strict));
        }
        return Limits.SupportsStructuredOutput
            ? null
            : ApiError.UnsupportedValue("response_format.type", $"'response_format' of type '{format.Type}' is not supported by this server.");
    }

    /// <summary>The raw GBNF extension: not empty, not beside a JSON response_format (one grammar per request).</summary>
    private ApiError? GrammarCheck(string? grammar, ResponseFormat? format)
    {
        if (grammar is null) return null;
        if (string.IsNullOrWhiteSpace(grammar))
            return ApiError.InvalidValue("grammar", "Invalid 'grammar': empty string. Expected a GBNF grammar with a 'root' rule.");
        if (format?.Type is ResponseFormat.JsonObjectType or ResponseFormat.JsonSchemaType)
            return ApiError.InvalidValue("grammar", "Invalid 'grammar': it cannot be combined with a JSON 'response_format'; send one of them.");
        return Limits.SupportsStructuredOutput ? null : ApiError.Unsupported("grammar", "'grammar' is not supported by this server.");
    }

    private ApiError? Tools(List<ChatTool>? tools, JsonElement? toolChoice)
    {
        var hasTools = tools is { Count: > 0 };
        if (tools is not null)
        {
            for (var i = 0; i < tools.Count; i++)
            {
                var path = $"tools[{i}]";
                if (tools[i] is not { } tool) return ApiError.InvalidType(path, "an object", "null");
                if (tool.Type is null) return ApiError.MissingParameter(path + ".type");
                if (tool.Type != "function") return ApiError.InvalidValue(path + ".type", tool.Type, ["function"]);
                if (tool.Function is null) return ApiError.MissingParameter(path + ".function");
                if (tool.Function.Name is null) return ApiError.MissingParameter(path + ".function.name");
                if (CommonChecks.FunctionName(path + ".function.name", tool.Function.Name) is { } badName) return badName;
                if (UnicodeText(path + ".function.parameters", tool.Function.Parameters) is { } error) return error;
                if (tool.Function.Parameters is { } parameters && parameters.ValueKind is not (JsonValueKind.Object or JsonValueKind.Null))
                    return ApiError.InvalidType(path + ".function.parameters", "an object", Serialization.JsonKinds.Describe(parameters));
                for (var j = 0; j < i; j++)
                {
                    if (tools[j]?.Function?.Name == tool.Function.Name)
                        return ApiError.InvalidValue(path + ".function.name", $"Invalid 'tools': the function name '{tool.Function.Name}' is used more than once. Function names must be unique.");
                }
            }
        }

        var forcing = false;
        if (toolChoice is { } choice && choice.ValueKind != JsonValueKind.Null)
        {
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
                        return ApiError.InvalidValue("tool_choice.type", type.GetString()!, ["function"]);
                    if (!choice.TryGetProperty("function", out var fn) || fn.ValueKind != JsonValueKind.Object ||
                        !fn.TryGetProperty("name", out var name) || name.ValueKind != JsonValueKind.String)
                        return ApiError.MissingParameter("tool_choice.function.name");
                    forcing = true;
                    var named = name.GetString()!;
                    if (hasTools && !tools!.Exists(t => t?.Function?.Name == named))
                        return ApiError.InvalidValue("tool_choice", $"Invalid value for 'tool_choice': no function named '{named}' was specified in 'tools'.");
                    break;
                default:
                    return ApiError.InvalidType("tool_choice", "one of a string or object", Serialization.JsonKinds.Describe(choice));
            }
            if (forcing && !hasTools)
                return ApiError.InvalidValue("tool_choice", "Invalid value for 'tool_choice': 'tool_choice' is only allowed when 'tools' are specified.");
        }

        if ((hasTools || forcing) && !Limits.SupportsTools)
            return ApiError.Unsupported("tools", "Tool calling ('tools') is not supported by this server.");
        return null;
    }

    private ApiError? Functions(List<ChatFunctionDefinition>? functions, JsonElement? functionCall)
    {
        if (functions is not null)
        {
            for (var i = 0; i < functions.Count; i++)
            {
                if (functions[i]?.Name is null) return ApiError.MissingParameter($"functions[{i}].name");
            }
        }
        // The deprecated pair is refused rather than ignored: answering with tool_calls to a client that asked in the
        // old shape would break it, and every current client sends tools.
        var forcing = functionCall is { ValueKind: JsonValueKind.Object };
        if (functions is { Count: > 0 } || forcing)
        {
            var param = functions is { Count: > 0 } ? "functions" : "function_call";
            return ApiError.Unsupported(param, Limits.SupportsTools
                ? $"The deprecated '{param}' parameter is not supported by this server; use 'tools' and 'tool_choice'."
                : $"Function calling ('{param}') is not supported by this server.");
        }
        return null;
    }

    /// <summary>
    /// chat_template_kwargs become template variables: names must be identifiers (a template can only read those),
    /// and may not replace what the server sets itself.
    /// </summary>
    private static ApiError? ChatTemplateKwargs(Dictionary<string, JsonElement>? kwargs)
    {
        if (kwargs is null) return null;
        if (kwargs.Count > MaxTemplateKwargs)
            return ApiError.InvalidValue("chat_template_kwargs", $"Invalid 'chat_template_kwargs': at most {MaxTemplateKwargs} variables are accepted, got {kwargs.Count}.");
        foreach (var name in kwargs.Keys)
        {
            if (!IsIdentifier(name))
                return ApiError.InvalidValue("chat_template_kwargs", $"Invalid 'chat_template_kwargs': '{name}' is not a valid template variable name (letters, digits and '_', not starting with a digit).");
            if (ReservedTemplateVariables.Contains(name))
                return ApiError.InvalidValue("chat_template_kwargs", $"Invalid 'chat_template_kwargs': '{name}' is set by the server and cannot be passed.");
        }
        foreach (var value in kwargs.Values)
        {
            if (UnicodeText("chat_template_kwargs", value) is { } error) return error;
        }
        return null;
    }

    /// <summary>
    /// A field kept as raw JSON (<see cref="JsonElement"/>) is decoded only when something reads it; a lone surrogate
    /// escape in it would then throw (a 500). Each such field is decoded once here instead.
    /// </summary>
    private static ApiError? UnicodeText(string param, JsonElement? element) =>
        element is { } value && !CommonChecks.HoldsOnlyText(value)
            ? ApiError.InvalidValue(param, $"Invalid '{param}': a string in it is not valid Unicode text (an unpaired surrogate escape such as \\ud800).")
            : null;

    private const int MaxTemplateKwargs = 64;

    private static readonly string[] ReservedTemplateVariables =
        ["messages", "tools", "documents", "add_generation_prompt", "bos_token", "eos_token", "raise_exception", "strftime_now"];

    private static bool IsIdentifier(string name) =>
        name.Length > 0 && (char.IsAsciiLetter(name[0]) || name[0] == '_') && name.All(c => char.IsAsciiLetterOrDigit(c) || c == '_');

    // ---- legacy completions ------------------------------------------------------------------------------------------

    private ApiError? Prompt(PromptInput? prompt)
    {
        if (prompt is null) return ApiError.MissingParameter("prompt");
        if (prompt.Kind == PromptKind.String) return null;
        if (prompt.Count == 0) return ApiError.EmptyArray("prompt");
        if (prompt.Count > Limits.MaxPrompts) return ApiError.ArrayTooLong("prompt", Limits.MaxPrompts, prompt.Count);
        for (var i = 0; i < prompt.TokenLists.Count; i++)
        {
            var path = prompt.Kind == PromptKind.TokenList ? "prompt" : $"prompt[{i}]";
            var tokens = prompt.TokenLists[i];
            if (tokens.Count == 0) return ApiError.EmptyArray(path);
            for (var j = 0; j < tokens.Count; j++)
            {
                if (tokens[j] < 0) return ApiError.IntegerBelowMin($"{path}[{j}]", 0, tokens[j]);
            }
        }
        return null;
    }

    private static ApiError? Suffix(string? suffix) =>
        string.IsNullOrEmpty(suffix) ? null : ApiError.Unsupported("suffix", "'suffix' is not supported by this server.");

    private ApiError? BestOf(int? bestOf, int n, bool stream)
    {
        if (bestOf is not { } b) return null;
        if (CommonChecks.Range("best_of", b, 1, Limits.MaxN) is { } e) return e;
        if (b < n) return ApiError.InvalidValue("best_of", "Invalid value for 'best_of': 'best_of' must be greater than or equal to 'n'.");
        if (b > n)
        {
            return stream
                ? ApiError.InvalidValue("best_of", "Invalid value for 'best_of': 'best_of' cannot be used with 'stream'.")
                : ApiError.Unsupported("best_of", "'best_of' greater than 'n' is not supported by this server.");
        }
        return null;
    }

    private ApiError? CompletionLogprobs(int? logprobs)
    {
        if (logprobs is null) return null;
        if (CommonChecks.Range("logprobs", logprobs, 0, 5) is { } e) return e;
        return Limits.SupportsLogprobs ? null : ApiError.Unsupported("logprobs", "'logprobs' is not supported by this server.");
    }
}
