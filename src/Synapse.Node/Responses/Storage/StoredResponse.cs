namespace Synapse.Node.Responses.Storage;

/// <summary>
/// One stored response: the Responses endpoint's own JSON for the response object and for this request's input items
/// (as <c>GET /v1/responses/{id}/input_items</c> lists them), kept as text so the store never depends on the wire types.
/// A conversation is the chain of <see cref="PreviousResponseId"/> links; each entry holds only its own turn.
/// </summary>
public sealed record StoredResponse(
    string Id,
    string Model,
    DateTimeOffset CreatedAt,
    string? PreviousResponseId,
    string InputItemsJson,
    string ResponseJson);
