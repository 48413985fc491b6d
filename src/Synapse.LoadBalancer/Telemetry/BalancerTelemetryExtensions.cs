using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Synapse.Hosting.Telemetry;

namespace Synapse.LoadBalancer.Telemetry;

public static class BalancerTelemetryExtensions
{
    /// <summary>
    /// The balancer's meter on <c>/metrics</c>, and over OTLP when an endpoint is set its traces: the server span of
    /// each request, YARP's forwarder span and the call to the node, whose <c>traceparent</c> makes the node's spans
    /// children of the balancer's.
    /// </summary>
    public static IServiceCollection AddSynapseBalancerTelemetry(this IServiceCollection services, IConfiguration configuration) =>
        services.AddSynapseTelemetry(configuration, new SynapseTelemetryOptions
        {
            ServiceName = "synapse-balancer",
            MeterName = TelemetryNames.LoadBalancer,
            ActivitySources = [TelemetryNames.LoadBalancer, TelemetryNames.YarpForwarder],
        });
}
