using System.Text.Json;

namespace Synapse.OpenAI.Responses;

/// <summary>
/// <c>POST /v1/responses</c>. Every optional field is nullable so "absent", "null" and a value stay distinct. Fields
/// this server cannot honour (<c>background</c>, <c>conversation</c>, <c>prompt</c>, built-in tools, ...) are read so
/// the validator can refuse them by name rather than ignore them. Extension from llama.cpp/vLLM: seed.
/// </summary>
public sealed class ResponseRequest
{
    public string? Model { get; set; }

    /// <summary>A string (one user message) or a list of items.</summary>
    public ResponseInput? Input { get; set; }

    public string? Instructions { get; set; }
    public List<ResponseTool>? Tools { get; set; }

    /// <summary><c>"none"</c>, <c>"auto"</c>, <c>"required"</c> or <c>{"type": "function", "name"}</c>.</summary>
    public JsonElement? ToolChoice { get; set; }

    public bool? ParallelToolCalls { get; set; }
    public ResponseText? Text { get; set; }
    public int? MaxOutputTokens { get; set; }
    public double? Temperature { get; set; }
    public double? TopP { get; set; }
    public Dictionary<string, string>? Metadata { get; set; }
    public bool? Store { get; set; }
    public string? PreviousResponseId { get; set; }
    public bool? Stream { get; set; }
    public string? User { get; set; }
    public long? Seed { get; set; }

    // Read to be refused (or checked) by name.
    public bool? Background { get; set; }
    public List<string>? Include { get; set; }
    public JsonElement? Conversation { get; set; }
    public JsonElement? Prompt { get; set; }
    public JsonElement? Reasoning { get; set; }
    public string? Truncation { get; set; }
    public int? TopLogprobs { get; set; }
    public int? MaxToolCalls { get; set; }
    public JsonElement? StreamOptions { get; set; }
}
