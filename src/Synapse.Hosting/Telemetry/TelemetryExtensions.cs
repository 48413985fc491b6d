using System.Diagnostics.Metrics;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Synapse.Hosting.Telemetry;

/// <summary>OpenTelemetry for node and balancer: the program's meter as Prometheus text on <c>/metrics</c>, traces over OTLP when asked.</summary>
public static class TelemetryExtensions
{
    /// <summary>
    /// Registers the program's meter with the Prometheus exporter and, when <see cref="OtlpExport.IsConfigured"/>,
    /// a tracer over ASP.NET Core's and HttpClient's activities and <see cref="SynapseTelemetryOptions.ActivitySources"/>
    /// that exports with OTLP. W3C <c>traceparent</c> is read from incoming requests and written on outgoing ones.
    /// </summary>
    public static IServiceCollection AddSynapseTelemetry(this IServiceCollection services, IConfiguration configuration, SynapseTelemetryOptions options)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(options);
        services.AddMetrics();
        var serviceName = configuration[OtlpExport.ServiceNameVariable] is { Length: > 0 } configured ? configured : options.ServiceName;
        var telemetry = services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(serviceName))
            .WithMetrics(metrics => metrics
                .AddMeter(options.MeterName)
                // Every scrape sees the counts of that moment (the exporter would otherwise serve a copy up to 300 ms old).
                .AddPrometheusExporter(prometheus => prometheus.ScrapeResponseCacheDurationMilliseconds = 0));

        // A meter listener hears every meter of that name in the process: keep this host's own, so hosts that share a
        // process (tests, several hosts in one program) each count only their own requests.
        services.ConfigureOpenTelemetryMeterProvider(static (provider, metrics) =>
        {
            var ownFactory = provider.GetRequiredService<IMeterFactory>();
            metrics.AddView(instrument => ReferenceEquals(instrument.Meter.Scope, ownFactory) ? null : MetricStreamConfiguration.Drop);
        });

        if (OtlpExport.IsConfigured(configuration))
        {
            telemetry.WithTracing(tracing => tracing
                .SetSampler(new IncomingRequestSampler())
                .AddSource([.. options.ActivitySources])
                .AddAspNetCoreInstrumentation(aspNetCore => aspNetCore.Filter = context => IsTraced(context.Request))
                .AddHttpClientInstrumentation()
                .AddOtlpExporter());
        }

        return services;
    }

    /// <summary>Maps <c>/metrics</c> to the Prometheus exporter (text format 0.0.4, or OpenMetrics when the scraper asks).</summary>
    public static IEndpointConventionBuilder MapSynapsePrometheus(this IEndpointRouteBuilder endpoints) =>
        endpoints.MapPrometheusScrapingEndpoint(TelemetryNames.MetricsPath);

    /// <summary>
    /// Scrapes and probes would bury the requests worth a trace, and a caller that sent a <c>traceparent</c> with
    /// the sampled flag off (the balancer's model polls, for one) asked for no trace.
    /// </summary>
    private static bool IsTraced(HttpRequest request) =>
        !request.Path.StartsWithSegments(TelemetryNames.MetricsPath, StringComparison.OrdinalIgnoreCase)
        && !request.Path.StartsWithSegments("/health", StringComparison.OrdinalIgnoreCase)
        && !(request.Headers.TraceParent.ToString() is { Length: 55 } traceParent && traceParent.EndsWith("-00", StringComparison.Ordinal));
}
