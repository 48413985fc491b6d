namespace Synapse.Hosting.Telemetry;

/// <summary>What one program exports: its meter (one per program) and the activity sources its traces are made of.</summary>
public sealed class SynapseTelemetryOptions
{
    /// <summary>The <c>service.name</c> resource attribute, unless <c>OTEL_SERVICE_NAME</c> says otherwise.</summary>
    public required string ServiceName { get; init; }

    /// <summary>The program's meter, exported on <c>/metrics</c>.</summary>
    public required string MeterName { get; init; }

    /// <summary>Activity sources of the program's own spans (and of libraries it uses, such as YARP's forwarder).</summary>
    public IReadOnlyList<string> ActivitySources { get; init; } = [];
}
