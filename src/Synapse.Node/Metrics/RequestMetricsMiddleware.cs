using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Synapse.Node.Metrics;

/// <summary>Counts every answered request by its route pattern (not the raw path, to keep label sets small) and status.</summary>
internal sealed class RequestMetricsMiddleware(RequestDelegate next, NodeMetrics metrics)
{
    public async Task InvokeAsync(HttpContext context)
    {
        try
        {
            await next(context);
        }
        finally
        {
            var endpoint = (context.GetEndpoint() as RouteEndpoint)?.RoutePattern.RawText ?? "unmatched";
            var status = context.RequestAborted.IsCancellationRequested && !context.Response.HasStarted ? 499 : context.Response.StatusCode;
            metrics.Requests.Increment(endpoint, status.ToString(CultureInfo.InvariantCulture));
        }
    }
}
