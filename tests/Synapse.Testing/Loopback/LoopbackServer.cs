using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Synapse.Testing.Loopback;

/// <summary>
/// A test fake's Kestrel app on 127.0.0.1, quiet (no logging): the fake maps its endpoints, this starts it on a free
/// port (or a given one, to come back where a stopped fake was) and tells its address.
/// </summary>
public sealed class LoopbackServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private int _stopped;

    private LoopbackServer(WebApplication app, string url)
    {
        _app = app;
        Url = url;
        Port = new Uri(url).Port;
    }

    /// <summary>The address it listens on, without a trailing slash: <c>http://127.0.0.1:PORT</c>.</summary>
    public string Url { get; }

    public int Port { get; }

    /// <summary>
    /// Starts an app whose endpoints <paramref name="map"/> adds, on <paramref name="port"/> (0 picks a free one);
    /// <paramref name="kestrel"/> tunes the server where a fake needs it.
    /// </summary>
    public static async Task<LoopbackServer> StartAsync(Action<WebApplication> map, int port = 0, Action<KestrelServerOptions>? kestrel = null)
    {
        ArgumentNullException.ThrowIfNull(map);
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        if (kestrel is not null)
        {
            builder.WebHost.ConfigureKestrel(kestrel);
        }

        var app = builder.Build();
        try
        {
            map(app);
            await app.StartAsync();
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }

        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        return new LoopbackServer(app, address.TrimEnd('/'));
    }

    /// <summary>
    /// Stops listening (the port then refuses connections) and disposes the app; requests still open get until
    /// <paramref name="cancellationToken"/> fires to finish. Later calls do nothing.
    /// </summary>
    public async Task StopAsync(CancellationToken cancellationToken = default)
    {
        if (Interlocked.Exchange(ref _stopped, 1) != 0)
        {
            return;
        }

        await _app.StopAsync(cancellationToken);
        await _app.DisposeAsync();
    }

    public async ValueTask DisposeAsync() => await StopAsync();
}
