using System.Text.Json.Serialization;

namespace Synapse.OpenAI.Responses;

/// <summary>The echoed <c>reasoning</c> settings: neither effort nor summaries are set here (both null).</summary>
public sealed class ResponseReasoning
{
    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public string? Effort { get; set; }

    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public string? Summary { get; set; }
}
