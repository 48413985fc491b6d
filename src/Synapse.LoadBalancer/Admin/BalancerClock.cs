namespace Synapse.LoadBalancer.Admin;

/// <summary>When the balancer started, for the uptime /admin/status reports.</summary>
public sealed class BalancerClock(TimeProvider time)
{
    private readonly DateTimeOffset _started = time.GetUtcNow();

    public TimeSpan Uptime => time.GetUtcNow() - _started;
}
