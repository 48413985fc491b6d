namespace Synapse.Hosting.Telemetry;

/// <summary>The meter and activity-source names of Synapse's programs: one per program, named after it.</summary>
public static class TelemetryNames
{
    public const string Node = "Synapse.Node";
    public const string LoadBalancer = "Synapse.LoadBalancer";

    /// <summary>YARP's forwarder activities (<c>proxy.forwarder</c>), parents of the balancer's calls to a node.</summary>
    public const string YarpForwarder = "Yarp.ReverseProxy";

    /// <summary>Where Prometheus scrapes; open like <c>/health</c>, never behind the API keys.</summary>
    public const string MetricsPath = "/metrics";
}
