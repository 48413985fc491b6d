using System.Diagnostics;
using OpenTelemetry.Trace;

namespace Synapse.Hosting.Telemetry;

/// <summary>
/// Traces what a client asked for and nothing else: every incoming request is recorded (joining the caller's trace
/// when it sent a <c>traceparent</c>), spans under a recorded span are recorded, and spans the program starts on its
/// own account, such as the balancer's health probes and model polls, start no trace.
/// </summary>
public sealed class IncomingRequestSampler : Sampler
{
    /// <summary>
    /// ASP.NET Core's request activity. OpenTelemetry's instrumentation samples it through ASP.NET Core's
    /// DiagnosticListener, where the sampler sees this name (not always a server kind) and not the caller's flags.
    /// </summary>
    private const string AspNetCoreRequest = "Microsoft.AspNetCore.Hosting.HttpRequestIn";

    public override SamplingResult ShouldSample(in SamplingParameters samplingParameters)
    {
        if (samplingParameters.Kind == ActivityKind.Server || samplingParameters.Name == AspNetCoreRequest)
        {
            return new SamplingResult(SamplingDecision.RecordAndSample);
        }

        var parent = samplingParameters.ParentContext;
        return new SamplingResult(parent.TraceId != default && parent.TraceFlags.HasFlag(ActivityTraceFlags.Recorded)
            ? SamplingDecision.RecordAndSample
            : SamplingDecision.Drop);
    }
}
