using System.Text.Json;

namespace Synapse.OpenAI.Responses;

/// <summary>
/// A content part: <c>input_text</c>, <c>output_text</c> (with <c>annotations</c> and <c>logprobs</c>, empty here),
/// <c>refusal</c>, <c>reasoning_text</c> or <c>summary_text</c>. Other part types are read so they can be refused.
/// </summary>
public sealed class ResponseContentPart
{
    public const string InputText = "input_text";
    public const string OutputText = "output_text";
    public const string RefusalType = "refusal";
    public const string ReasoningText = "reasoning_text";
    public const string SummaryText = "summary_text";

    public string? Type { get; set; }
    public string? Text { get; set; }
    public string? Refusal { get; set; }
    public List<JsonElement>? Annotations { get; set; }
    public List<JsonElement>? Logprobs { get; set; }

    public static ResponseContentPart Output(string text) => new() { Type = OutputText, Text = text, Annotations = [], Logprobs = [] };
}
