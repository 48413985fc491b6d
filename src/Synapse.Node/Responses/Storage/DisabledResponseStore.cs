namespace Synapse.Node.Responses.Storage;

/// <summary>
/// SYNAPSE_RESPONSES_STORE=false: nothing is kept, as OpenAI behaves for <c>store: false</c>; a later
/// <c>previous_response_id</c> or <c>GET</c> finds nothing (404).
/// </summary>
public sealed class DisabledResponseStore : IResponseStore
{
    public ValueTask SaveAsync(StoredResponse response, CancellationToken cancellationToken) => ValueTask.CompletedTask;

    public ValueTask<StoredResponse?> FindAsync(string id, CancellationToken cancellationToken) => ValueTask.FromResult<StoredResponse?>(null);

    public ValueTask<bool> DeleteAsync(string id, CancellationToken cancellationToken) => ValueTask.FromResult(false);
}
