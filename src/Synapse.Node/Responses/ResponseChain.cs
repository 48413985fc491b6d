using Synapse.Node.Responses.Storage;
using Synapse.OpenAI.Errors;
using Synapse.OpenAI.Responses;
using Synapse.OpenAI.Serialization;

namespace Synapse.Node.Responses;

/// <summary>
/// The conversation a <c>previous_response_id</c> continues: every stored turn from the first, each its input items
/// then its output items. A missing link is a 404 naming it — never a silent fresh start.
/// </summary>
internal static class ResponseChain
{
    public static async Task<List<ResponseItem>> LoadAsync(IResponseStore store, string? previousResponseId, CancellationToken cancellationToken)
    {
        var items = new List<ResponseItem>();
        if (previousResponseId is null)
        {
            return items;
        }

        var turns = new List<StoredResponse>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var id = previousResponseId; id is not null && seen.Add(id);)
        {
            var stored = await store.FindAsync(id, cancellationToken) ?? throw ApiError.PreviousResponseNotFound(id);
            turns.Add(stored);
            id = stored.PreviousResponseId;
        }

        for (var i = turns.Count - 1; i >= 0; i--)
        {
            items.AddRange(OpenAIJson.Deserialize<List<ResponseItem>>(turns[i].InputItemsJson) ?? []);
            items.AddRange(OpenAIJson.Deserialize<ResponseObject>(turns[i].ResponseJson)?.Output ?? []);
        }

        return items;
    }
}
