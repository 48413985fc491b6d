namespace Synapse.Node.Responses.Storage;

/// <summary>
/// Where responses made with <c>store: true</c> are kept so <c>previous_response_id</c>, <c>GET</c> and <c>DELETE</c>
/// find them, across node restarts. Bounded by age and size; the oldest entries go first.
/// </summary>
public interface IResponseStore
{
    /// <summary>Adds or replaces <paramref name="response"/> (by id).</summary>
    ValueTask SaveAsync(StoredResponse response, CancellationToken cancellationToken);

    /// <summary>The stored response, or null when there is none (never stored, deleted or evicted).</summary>
    ValueTask<StoredResponse?> FindAsync(string id, CancellationToken cancellationToken);

    /// <summary>Removes the response; false when there was none.</summary>
    ValueTask<bool> DeleteAsync(string id, CancellationToken cancellationToken);
}
