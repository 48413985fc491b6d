using System.Text.Json.Serialization;

namespace Synapse.OpenAI.Responses;

/// <summary><c>GET /v1/responses/{id}/input_items</c>: a page of items, OpenAI's list shape.</summary>
public sealed class ResponseItemList
{
    public string Object { get; set; } = "list";
    public List<ResponseItem> Data { get; set; } = [];

    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public string? FirstId { get; set; }

    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public string? LastId { get; set; }

    public bool HasMore { get; set; }
}
