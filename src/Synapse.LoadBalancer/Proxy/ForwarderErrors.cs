using Microsoft.AspNetCore.Http;
using Yarp.ReverseProxy.Forwarder;

namespace Synapse.LoadBalancer.Proxy;

/// <summary>How the balancer reads YARP's <see cref="ForwarderError"/>s: whose fault, and in words for the log.</summary>
public static class ForwarderErrors
{
    /// <summary>The client went away (or stopped sending); the node did nothing wrong.</summary>
    public static bool ClientWentAway(HttpContext context, ForwarderError error) =>
        context.RequestAborted.IsCancellationRequested || error is ForwarderError.RequestCanceled or ForwarderError.RequestBodyCanceled
            or ForwarderError.RequestBodyClient or ForwarderError.ResponseBodyClient or ForwarderError.ResponseBodyCanceled;

    /// <summary>
    /// YARP reports a connection that could not be opened within SYNAPSE_CONNECT_TIMEOUT as a timeout too; unlike a
    /// silent node, such a node never saw the request, so it is retried elsewhere.
    /// </summary>
    public static bool IsConnectTimeout(Exception? exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is TimeoutException)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// The node could not be reached at all (refused, unreachable, or no connection within SYNAPSE_CONNECT_TIMEOUT):
    /// it never saw the request, as when it is down. A node that took the connection and then broke is not this.
    /// </summary>
    public static bool NodeUnreachable(ForwarderError error, Exception? exception)
    {
        if (error is not (ForwarderError.Request or ForwarderError.RequestTimedOut))
        {
            return false;
        }

        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is HttpRequestException { HttpRequestError: HttpRequestError.ConnectionError })
            {
                return true;
            }
        }

        return IsConnectTimeout(exception);
    }

    public static string Describe(ForwarderError error, Exception? exception)
    {
        var inner = exception;
        while (inner?.InnerException is not null && inner is not System.Net.Sockets.SocketException)
        {
            inner = inner.InnerException;
        }

        return inner is null ? error.ToString() : $"{error}: {inner.Message}";
    }
}
