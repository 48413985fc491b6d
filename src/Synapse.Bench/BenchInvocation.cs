using Synapse.Bench.Http;
using Synapse.Bench.Load;
using Synapse.Bench.Replay;

namespace Synapse.Bench;

/// <summary>A validated <c>synapse bench</c> command line.</summary>
public sealed record BenchInvocation
{
    /// <summary>Base URL of an OpenAI-compatible server (HTTP mode).</summary>
    public Uri? Url { get; init; }
    /// <summary>With <see cref="Url"/>: a second server benched first on the same workload, then compared against.</summary>
    public Uri? BaselineUrl { get; init; }
    /// <summary>GGUF file to load in-process (engine and compare modes).</summary>
    public string? EnginePath { get; init; }
    /// <summary>Serve <see cref="EnginePath"/> from an in-process node, bench it over HTTP, then bench the engine directly.</summary>
    public bool Compare { get; init; }
    public string? Model { get; init; }
    public string? ApiKey { get; init; }
    public BenchEndpoint Endpoint { get; init; } = BenchEndpoint.Chat;
    public required WorkloadOptions Workload { get; init; }
    /// <summary>The multi-turn replay (HTTP only), instead of the concurrency levels of <see cref="Workload"/>.</summary>
    public ReplayOptions? Replay { get; init; }
    /// <summary>Where the JSON report goes: a file, "-" for stdout, or null for none.</summary>
    public string? JsonPath { get; init; }
    /// <summary>Engine settings for in-process modes; 0 means the engine's default.</summary>
    public int Threads { get; init; }
    public int ContextSize { get; init; }
    public int Parallel { get; init; }
}
