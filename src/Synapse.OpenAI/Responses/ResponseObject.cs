using System.Text.Json;
using System.Text.Json.Serialization;

namespace Synapse.OpenAI.Responses;

/// <summary>
/// The response object (<c>"object": "response"</c>), with the request's settings echoed as OpenAI echoes them. Fields
/// OpenAI writes as null are written as null.
/// </summary>
public sealed class ResponseObject
{
    public const string InProgress = "in_progress";
    public const string Completed = "completed";
    public const string Incomplete = "incomplete";
    public const string Failed = "failed";

    public string Id { get; set; } = "";
    public string Object { get; set; } = "response";
    public long CreatedAt { get; set; }
    public string Status { get; set; } = InProgress;

    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public long? CompletedAt { get; set; }

    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public ResponseError? Error { get; set; }

    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public ResponseIncompleteDetails? IncompleteDetails { get; set; }

    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public string? Instructions { get; set; }

    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public int? MaxOutputTokens { get; set; }

    public string Model { get; set; } = "";
    public List<ResponseItem> Output { get; set; } = [];
    public bool ParallelToolCalls { get; set; } = true;

    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public string? PreviousResponseId { get; set; }

    public ResponseReasoning Reasoning { get; set; } = new();
    public bool Store { get; set; } = true;
    public double Temperature { get; set; } = 1;
    public ResponseText Text { get; set; } = new();
    public JsonElement ToolChoice { get; set; }
    public List<ResponseTool> Tools { get; set; } = [];
    public double TopP { get; set; } = 1;
    public string Truncation { get; set; } = "disabled";

    /// <summary>Left out until the response ends: OpenAI's schema types it as an object, never null.</summary>
    public ResponseUsage? Usage { get; set; }

    /// <summary>Written only when sent: OpenAI's schema types it as a string, never null.</summary>
    public string? User { get; set; }

    public Dictionary<string, string> Metadata { get; set; } = [];
}
