namespace Synapse.Node.Hosting;

/// <summary>Whether the node still admits requests; flips once when shutdown begins.</summary>
public sealed class NodeState
{
    private volatile bool _draining;
    private volatile string? _loadingDetail;

    public bool IsDraining => _draining;

    public void BeginDraining() => _draining = true;

    /// <summary>What the load path is doing before the engine loads (resolving, downloading, converting), for readiness.</summary>
    public string? LoadingDetail
    {
        get => _loadingDetail;
        set => _loadingDetail = value;
    }
}
