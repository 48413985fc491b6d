namespace Synapse.OpenAI.Responses;

/// <summary>
/// One streaming event (<c>response.created</c>, <c>response.output_text.delta</c>, ...): the fields its type uses are
/// set, the rest stay null and are not written. Every event carries its <c>sequence_number</c>.
/// </summary>
public sealed class ResponseStreamEvent
{
    public string Type { get; set; } = "";
    public int SequenceNumber { get; set; }
    public ResponseObject? Response { get; set; }
    public int? OutputIndex { get; set; }
    public string? ItemId { get; set; }
    public int? ContentIndex { get; set; }
    public ResponseItem? Item { get; set; }
    public ResponseContentPart? Part { get; set; }
    public string? Delta { get; set; }
    public string? Text { get; set; }
    public string? Name { get; set; }
    public string? Arguments { get; set; }
    public List<System.Text.Json.JsonElement>? Logprobs { get; set; }
}
