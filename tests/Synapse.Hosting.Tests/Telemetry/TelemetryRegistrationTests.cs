using System.Diagnostics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Trace;
using Synapse.Hosting.Telemetry;

namespace Synapse.Hosting.Tests.Telemetry;

public sealed class TelemetryRegistrationTests
{
    // Each test its own source name: tracers of tests running beside it listen to theirs only.
    private static SynapseTelemetryOptions Options(string source) => new() { ServiceName = "test", MeterName = source, ActivitySources = [source] };

    [Theory]
    [InlineData(null, null, false)]
    [InlineData("", " ", false)]
    [InlineData("http://127.0.0.1:4318", null, true)]
    [InlineData(null, "http://127.0.0.1:4318/v1/traces", true)]
    public void OtlpExportIsOnOnlyWithAnEndpoint(string? endpoint, string? tracesEndpoint, bool expected)
    {
        var configuration = Configuration(endpoint, tracesEndpoint);
        Assert.Equal(expected, OtlpExport.IsConfigured(configuration));
    }

    [Fact]
    public void WithoutAnEndpointNoTracerListensSoNoSpanIsCreated()
    {
        using var provider = new ServiceCollection().AddSynapseTelemetry(Configuration(null, null), Options("Synapse.Test.Off")).BuildServiceProvider();
        Assert.Null(provider.GetService<TracerProvider>());
        using var source = new ActivitySource("Synapse.Test.Off");
        Assert.False(source.HasListeners());
    }

    [Fact]
    public void WithAnEndpointTheProgramsSourcesAreTraced()
    {
        using var provider = new ServiceCollection().AddSynapseTelemetry(Configuration("http://127.0.0.1:1", null), Options("Synapse.Test.On")).BuildServiceProvider();
        Assert.NotNull(provider.GetService<TracerProvider>());
        using var source = new ActivitySource("Synapse.Test.On");
        Assert.True(source.HasListeners());
    }

    [Fact]
    public void OnlyIncomingRequestsStartATrace()
    {
        var sampler = new IncomingRequestSampler();
        var traceId = ActivityTraceId.CreateRandom();
        Assert.Equal(SamplingDecision.RecordAndSample, sampler.ShouldSample(new SamplingParameters(default, traceId, "GET", ActivityKind.Server)).Decision);
        Assert.Equal(SamplingDecision.Drop, sampler.ShouldSample(new SamplingParameters(default, traceId, "probe", ActivityKind.Client)).Decision);

        var recordedParent = new ActivityContext(traceId, ActivitySpanId.CreateRandom(), ActivityTraceFlags.Recorded);
        Assert.Equal(SamplingDecision.RecordAndSample, sampler.ShouldSample(new SamplingParameters(recordedParent, traceId, "call", ActivityKind.Client)).Decision);
        var unrecordedParent = new ActivityContext(traceId, ActivitySpanId.CreateRandom(), ActivityTraceFlags.None);
        Assert.Equal(SamplingDecision.Drop, sampler.ShouldSample(new SamplingParameters(unrecordedParent, traceId, "call", ActivityKind.Client)).Decision);
    }

    private static IConfiguration Configuration(string? endpoint, string? tracesEndpoint) =>
        new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            [OtlpExport.EndpointVariable] = endpoint,
            [OtlpExport.TracesEndpointVariable] = tracesEndpoint,
        }).Build();
}
