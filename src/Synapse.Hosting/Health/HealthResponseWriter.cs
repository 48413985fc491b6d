using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Checks = Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Synapse.Hosting.Health;

/// <summary>
/// Writes a health report in Synapse's shape: <c>{"status":"ok"}</c> while every check passes, else the first failed
/// check's state and reason (<c>{"status":"loading","reason":"Downloading …"}</c>), which the balancer and
/// operators read.
/// </summary>
public static class HealthResponseWriter
{
    public static Task WriteAsync(HttpContext context, HealthReport report)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(report);
        var status = new HealthStatus("ok", null);
        foreach (var entry in report.Entries.Values)
        {
            if (entry.Status == Checks.HealthStatus.Healthy)
            {
                continue;
            }

            var name = entry.Data.TryGetValue(SynapseHealthChecks.StatusKey, out var value) && value is string text ? text : "unhealthy";
            status = new HealthStatus(name, entry.Description ?? entry.Exception?.Message);
            break;
        }

        context.Response.ContentType = "application/json; charset=utf-8";
        return JsonSerializer.SerializeAsync(context.Response.Body, status, HealthJsonContext.Default.HealthStatus, context.RequestAborted);
    }
}
