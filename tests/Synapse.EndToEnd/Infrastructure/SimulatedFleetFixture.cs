namespace Synapse.EndToEnd.Infrastructure;

/// <summary>Three simulated nodes behind a round-robin balancer, shared by the routing tests; each test leaves every node healthy and undrained.</summary>
public sealed class SimulatedFleetFixture : IAsyncLifetime
{
    public const string Model = "sim-model";

    private Fleet? _fleet;

    public Fleet Fleet => _fleet ?? throw new InvalidOperationException("The fleet is not started.");

    public async ValueTask InitializeAsync() =>
        _fleet = await Fleet.StartAsync([Fleet.SimulatedNode(), Fleet.SimulatedNode(), Fleet.SimulatedNode()], "--policy", "round_robin");

    public async ValueTask DisposeAsync()
    {
        if (_fleet is not null)
        {
            await _fleet.DisposeAsync();
        }
    }
}

[CollectionDefinition(Name)]
public sealed class SimulatedFleetCollection : ICollectionFixture<SimulatedFleetFixture>
{
    public const string Name = "simulated fleet";
}
