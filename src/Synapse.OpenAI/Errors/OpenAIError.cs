using System.Text.Json.Serialization;

namespace Synapse.OpenAI.Errors;

/// <summary>The body of OpenAI's error envelope. OpenAI always writes all four fields, null or not.</summary>
public sealed class OpenAIError
{
    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public string Message { get; set; } = "";

    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public string Type { get; set; } = "";

    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public string? Param { get; set; }

    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public string? Code { get; set; }
}
