using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Synapse.Hosting.Telemetry;

namespace Synapse.Node.Telemetry;

public static class NodeTelemetryExtensions
{
    /// <summary>The node's meter on <c>/metrics</c>, and its generation spans over OTLP when an endpoint is set.</summary>
    public static IServiceCollection AddSynapseNodeTelemetry(this IServiceCollection services, IConfiguration configuration)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<GenerationTracing>();
        return services.AddSynapseTelemetry(configuration, new SynapseTelemetryOptions
        {
            ServiceName = "synapse-node",
            MeterName = TelemetryNames.Node,
            ActivitySources = [TelemetryNames.Node],
        });
    }
}
