using System.Collections.Concurrent;
using Synapse.Node.Responses.Storage;

namespace Synapse.Node.Tests.Infrastructure;

/// <summary>A response store in a dictionary, for tests of the Responses endpoint that do not test the store itself.</summary>
internal sealed class InMemoryResponseStore : IResponseStore
{
    private readonly ConcurrentDictionary<string, StoredResponse> _responses = new(StringComparer.Ordinal);

    public int Count => _responses.Count;

    public ValueTask SaveAsync(StoredResponse response, CancellationToken cancellationToken)
    {
        _responses[response.Id] = response;
        return ValueTask.CompletedTask;
    }

    public ValueTask<StoredResponse?> FindAsync(string id, CancellationToken cancellationToken) =>
        ValueTask.FromResult(_responses.TryGetValue(id, out var response) ? response : null);

    public ValueTask<bool> DeleteAsync(string id, CancellationToken cancellationToken) =>
        ValueTask.FromResult(_responses.TryRemove(id, out _));
}
