using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Synapse.Testing.Loopback;

namespace Synapse.Node.Tests.Infrastructure;

/// <summary>
/// The balancer's side of the registration contract on 127.0.0.1: records every register and deregister call with
/// its Authorization header, and answers 200 <c>{"id","status":"registered"}</c> (401 for a wrong key).
/// </summary>
public sealed class FakeBalancer : IAsyncDisposable
{
    public const string NodeId = "node-under-test";

    private LoopbackServer _server = null!;

    private FakeBalancer()
    {
    }

    public string BaseUrl => _server.Url;

    public ConcurrentQueue<(JsonElement Body, string? Authorization)> Registrations { get; } = new();

    public ConcurrentQueue<(string Id, string? Authorization)> Deregistrations { get; } = new();

    /// <summary>Starts on <paramref name="port"/> (0 picks a free one); a wrong <paramref name="adminKey"/> gets 401.</summary>
    public static async Task<FakeBalancer> StartAsync(int port = 0, string adminKey = "admin-key")
    {
        var self = new FakeBalancer();
        self._server = await LoopbackServer.StartAsync(app =>
        {
            app.MapPost("/admin/nodes/register", async (HttpContext context) =>
            {
                var authorization = context.Request.Headers.Authorization.ToString();
                if (authorization != "Bearer " + adminKey)
                {
                    return Results.Json(new { error = new { message = "bad admin key", type = "invalid_request_error" } }, statusCode: 401);
                }

                using var body = await JsonDocument.ParseAsync(context.Request.Body);
                self.Registrations.Enqueue((body.RootElement.Clone(), authorization));
                return Results.Json(new { id = NodeId, status = "registered" });
            });
            app.MapDelete("/admin/nodes/{id}", (string id, HttpContext context) =>
            {
                self.Deregistrations.Enqueue((id, context.Request.Headers.Authorization.ToString()));
                return Results.Json(new { id, status = "removed" });
            });
        }, port);
        return self;
    }

    /// <summary>A port nothing listens on right now (for a balancer that starts later).</summary>
    public static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async Task WaitForAsync(Func<FakeBalancer, bool> condition)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (!condition(this))
        {
            await Task.Delay(20, timeout.Token);
        }
    }

    public ValueTask DisposeAsync() => _server.DisposeAsync();
}
