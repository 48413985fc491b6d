using Synapse.Hosting.Errors;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Synapse.LoadBalancer.Configuration;
using Synapse.LoadBalancer.Errors;
using Synapse.LoadBalancer.Models;
using Synapse.LoadBalancer.Nodes;
using Synapse.OpenAI.Models;

namespace Synapse.LoadBalancer.Admin;

/// <summary>
/// The admin API (behind the admin key, see AccessMiddleware): status, node list, add, drain/resume, remove, and
/// the registration heartbeat nodes started with SYNAPSE_BALANCER_URL send.
/// </summary>
public static class AdminEndpoints
{
    public static IEndpointRouteBuilder MapAdmin(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/admin/status", (NodePool pool, BalancerOptions options, BalancerClock clock) =>
            Results.Json(new StatusResponse(
                new BalancerInfo(BalancerConfigurationReader.Name(options.Policy), Math.Round(clock.Uptime.TotalSeconds, 1)),
                pool.Snapshot.Select(NodeStatusMapper.ToStatus).ToList()), AdminJsonContext.Default.StatusResponse));

        endpoints.MapGet("/admin/nodes", (NodePool pool) =>
            Results.Json(new NodeList(pool.Snapshot.Select(NodeStatusMapper.ToStatus).ToList()), AdminJsonContext.Default.NodeList));

        endpoints.MapPost("/admin/nodes", async (HttpContext context, NodePool pool, ModelPoller checker) =>
        {
            var request = await ReadAsync(context, AdminJsonContext.Default.AddNodeRequest).ConfigureAwait(false);
            if (request is null || !ConfiguredNodesReader.TryParseUrl(request.Url, out var url))
            {
                await OpenAIErrorWriter.WriteAsync(context, BalancerErrors.InvalidAdminRequest("The body must be {\"url\": \"http://host:port\"}.", "url")).ConfigureAwait(false);
                return;
            }

            var (node, added) = pool.Add(NodeIds.FromUrl(url), url, NodeSource.Admin);
            await checker.CheckNowAsync(context.RequestAborted).ConfigureAwait(false);
            context.Response.StatusCode = added ? StatusCodes.Status201Created : StatusCodes.Status200OK;
            await context.Response.WriteAsJsonAsync(NodeStatusMapper.ToStatus(node), AdminJsonContext.Default.NodeStatus).ConfigureAwait(false);
        });

        endpoints.MapPost("/admin/nodes/register", async (HttpContext context, NodePool pool, ModelPoller checker, TimeProvider time) =>
        {
            var request = await ReadAsync(context, AdminJsonContext.Default.RegisterRequest).ConfigureAwait(false);
            if (request is null || !ConfiguredNodesReader.TryParseUrl(request.Url, out var url))
            {
                await OpenAIErrorWriter.WriteAsync(context, BalancerErrors.InvalidAdminRequest(
                    "The body must be {\"url\": \"http://host:port\", \"models\": [...], \"heartbeat_seconds\": 5}.", "url")).ConfigureAwait(false);
                return;
            }

            if (request.HeartbeatSeconds is { } seconds && (!double.IsFinite(seconds) || seconds <= 0 || seconds > 3600))
            {
                await OpenAIErrorWriter.WriteAsync(context, BalancerErrors.InvalidAdminRequest(
                    "heartbeat_seconds must be more than 0 and at most 3600.", "heartbeat_seconds")).ConfigureAwait(false);
                return;
            }

            url = Reachable(url, context);
            var interval = TimeSpan.FromSeconds(request.HeartbeatSeconds ?? 5);
            var (node, added) = pool.Add(NodeIds.FromUrl(url), url, NodeSource.Registered, n => n.Heartbeat(interval, time.GetUtcNow()));
            node.Heartbeat(interval, time.GetUtcNow());
            if (node.Models.Count == 0 && request.Models is { Count: > 0 } models)
            {
                var created = time.GetUtcNow().ToUnixTimeSeconds();
                node.SetModels(models.Where(m => !string.IsNullOrWhiteSpace(m))
                    .Select(m => new Model { Id = m, Created = created, OwnedBy = "synapse" }).ToList());
            }

            if (added || !node.IsRoutable)
            {
                // Checked before answering, so a node that registers when ready takes requests from the next one on.
                await checker.CheckNowAsync(context.RequestAborted).ConfigureAwait(false);
            }

            await context.Response.WriteAsJsonAsync(new RegisterResponse(node.Id, "registered"), AdminJsonContext.Default.RegisterResponse).ConfigureAwait(false);
        });

        endpoints.MapPost("/admin/nodes/{id}/drain", (string id, NodePool pool) => SetDraining(pool, id, draining: true));
        endpoints.MapPost("/admin/nodes/{id}/resume", (string id, NodePool pool) => SetDraining(pool, id, draining: false));

        endpoints.MapDelete("/admin/nodes/{id}", (string id, NodePool pool) =>
            pool.Remove(id, "removed through the admin API")
                ? Results.Json(new RegisterResponse(id, "removed"), AdminJsonContext.Default.RegisterResponse)
                : NotFound(id));

        return endpoints;
    }

    /// <summary>
    /// A node listening on every interface may announce 0.0.0.0 or [::]; the address it called from is where the
    /// balancer can reach it.
    /// </summary>
    private static Uri Reachable(Uri url, HttpContext context)
    {
        if (url.Host is not ("0.0.0.0" or "[::]" or "::") || context.Connection.RemoteIpAddress is not { } remote)
        {
            return url;
        }

        var address = remote.IsIPv4MappedToIPv6 ? remote.MapToIPv4() : remote;
        return new UriBuilder(url) { Host = address.ToString() }.Uri;
    }

    private static IResult SetDraining(NodePool pool, string id, bool draining)
    {
        var node = pool.Find(id);
        if (node is null)
        {
            return NotFound(id);
        }

        pool.SetDraining(node, draining);
        return Results.Json(NodeStatusMapper.ToStatus(node), AdminJsonContext.Default.NodeStatus);
    }

    private static IResult NotFound(string id) =>
        Results.Json(BalancerErrors.NodeNotFound(id).ToResponse(), Synapse.OpenAI.Serialization.OpenAIJson.TypeInfo<Synapse.OpenAI.Errors.ErrorResponse>(), statusCode: 404);

    private static async Task<T?> ReadAsync<T>(HttpContext context, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> type) where T : class
    {
        try
        {
            return await JsonSerializer.DeserializeAsync(context.Request.Body, type, context.RequestAborted).ConfigureAwait(false);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
