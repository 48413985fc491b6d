using Microsoft.Extensions.Configuration;

namespace Synapse.Hosting.Telemetry;

/// <summary>
/// Whether traces leave the process: only when one of OpenTelemetry's standard endpoint variables is set
/// (<c>OTEL_EXPORTER_OTLP_ENDPOINT</c> or <c>OTEL_EXPORTER_OTLP_TRACES_ENDPOINT</c>). Without one no tracer listens,
/// so no span is even created; the exporter reads the endpoint, <c>OTEL_EXPORTER_OTLP_PROTOCOL</c> and headers itself.
/// </summary>
public static class OtlpExport
{
    public const string EndpointVariable = "OTEL_EXPORTER_OTLP_ENDPOINT";
    public const string TracesEndpointVariable = "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT";
    public const string ServiceNameVariable = "OTEL_SERVICE_NAME";

    public static bool IsConfigured(IConfiguration configuration) =>
        !string.IsNullOrWhiteSpace(configuration[EndpointVariable]) || !string.IsNullOrWhiteSpace(configuration[TracesEndpointVariable]);
}
