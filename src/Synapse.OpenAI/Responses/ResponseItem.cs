using System.Text.Json;

namespace Synapse.OpenAI.Responses;

/// <summary>
/// One item of a conversation, as input and as output: a <c>message</c>, a <c>function_call</c>, a
/// <c>function_call_output</c> or a <c>reasoning</c> item. One class for all, so stored input and output read back the
/// same way; the fields a type does not use stay null (and are not written).
/// </summary>
public sealed class ResponseItem
{
    public const string MessageType = "message";
    public const string FunctionCallType = "function_call";
    public const string FunctionCallOutputType = "function_call_output";
    public const string ReasoningType = "reasoning";

    /// <summary>An input message may leave <c>type</c> out (OpenAI's "easy input message").</summary>
    public string? Type { get; set; }

    public string? Id { get; set; }
    public string? Status { get; set; }

    // message
    public string? Role { get; set; }

    /// <summary>A message's parts (or, on input, a string); a reasoning item's <c>reasoning_text</c> parts.</summary>
    public ResponseContent? Content { get; set; }

    // function_call / function_call_output
    public string? CallId { get; set; }
    public string? Name { get; set; }
    public string? Arguments { get; set; }

    /// <summary>A function call's result: a string or a list of parts, kept as sent.</summary>
    public JsonElement? Output { get; set; }

    // reasoning
    public List<ResponseContentPart>? Summary { get; set; }
    public string? EncryptedContent { get; set; }
}
