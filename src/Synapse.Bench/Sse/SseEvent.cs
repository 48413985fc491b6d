namespace Synapse.Bench.Sse;

/// <summary>One dispatched server-sent event: its data lines joined with '\n'.</summary>
public sealed record SseEvent(string Data, string? EventType = null, string? Id = null);
