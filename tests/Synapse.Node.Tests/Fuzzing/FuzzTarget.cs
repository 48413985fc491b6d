namespace Synapse.Node.Tests.Fuzzing;

/// <summary>One endpoint the fuzzer hits: a method and path, a valid body to mutate (null: none), and how many requests it gets.</summary>
public sealed record FuzzTarget(string Name, HttpMethod Method, string Path, string? Body, int Count)
{
    /// <summary>Whether the path's last segment is an id the fuzzer may mangle (/v1/models/{id}, /admin/nodes/{id}/...).</summary>
    public bool MutatePathId { get; init; }
}
