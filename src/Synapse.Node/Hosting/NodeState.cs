namespace Synapse.Node.Hosting;

/// <summary>Whether the node still admits requests; flips once when shutdown begins.</summary>
public sealed class NodeState
{
    private volatile bool _draining;

    public bool IsDraining => _draining;

    public void BeginDraining() => _draining = true;
}
