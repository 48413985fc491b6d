using System.Net;

namespace Synapse.Bench.Http;

/// <summary>
/// One HttpClient for a whole run: enough pooled connections for every concurrent stream (the default pool would
/// queue requests behind each other and measure the client instead of the server), no proxy, no decompression,
/// no overall timeout (each request carries its own).
/// </summary>
public static class BenchHttpClientFactory
{
    public static HttpClient Create(int maxConcurrency)
    {
        var handler = new SocketsHttpHandler
        {
            MaxConnectionsPerServer = Math.Max(maxConcurrency, 1) + 2,
            UseProxy = false,
            AutomaticDecompression = DecompressionMethods.None,
            ConnectTimeout = TimeSpan.FromSeconds(30),
            // Below servers' keep-alive timeouts (llama-server's cpp-httplib closes idle connections after 5 s): a
            // connection idle while a long turn ran elsewhere must not be reused after the server closed it.
            PooledConnectionIdleTimeout = TimeSpan.FromSeconds(2),
            UseCookies = false,
        };
        return new HttpClient(handler, disposeHandler: true) { Timeout = Timeout.InfiniteTimeSpan };
    }
}
