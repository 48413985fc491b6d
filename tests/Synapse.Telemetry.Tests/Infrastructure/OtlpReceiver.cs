using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Synapse.Testing.Loopback;

namespace Synapse.Telemetry.Tests.Infrastructure;

/// <summary>
/// A stand-in OTLP/HTTP collector on 127.0.0.1: it records each export it receives (path, content type, size) and
/// answers 200, so tests see that setting <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> turns export on.
/// </summary>
public sealed class OtlpReceiver : IAsyncDisposable
{
    private LoopbackServer _server = null!;

    private OtlpReceiver()
    {
    }

    public string Url => _server.Url;

    public ConcurrentQueue<(string Path, string? ContentType, long Bytes)> Exports { get; } = new();

    public static async Task<OtlpReceiver> StartAsync()
    {
        var receiver = new OtlpReceiver();
        receiver._server = await LoopbackServer.StartAsync(app => app.MapPost("/v1/{signal}", async (HttpContext context, string signal) =>
        {
            using var body = new MemoryStream();
            await context.Request.Body.CopyToAsync(body, context.RequestAborted);
            receiver.Exports.Enqueue(("/v1/" + signal, context.Request.ContentType, body.Length));
            return Results.Bytes([], "application/x-protobuf");
        }));
        return receiver;
    }

    public ValueTask DisposeAsync() => _server.DisposeAsync();
}
