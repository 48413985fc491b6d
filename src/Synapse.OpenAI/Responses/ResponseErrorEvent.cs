using System.Text.Json.Serialization;

namespace Synapse.OpenAI.Responses;

/// <summary>The <c>error</c> streaming event: OpenAI's error fields flat, <c>code</c> and <c>param</c> written even when null.</summary>
public sealed class ResponseErrorEvent
{
    public string Type { get; set; } = "error";

    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public string? Code { get; set; }

    public string Message { get; set; } = "";

    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public string? Param { get; set; }

    public int SequenceNumber { get; set; }
}
