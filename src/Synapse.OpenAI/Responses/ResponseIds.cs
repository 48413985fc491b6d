using System.Security.Cryptography;

namespace Synapse.OpenAI.Responses;

/// <summary>
/// Ids of stored responses. Behind the balancer an id carries the route tag of the node that made (and stored) it, so a
/// <c>previous_response_id</c> or a <c>GET /v1/responses/{id}</c> reaches that node without any state in the balancer
/// that a balancer restart could lose: <c>resp_{tag}_{32 hex}</c> behind a balancer, <c>resp_{48 hex}</c> without one.
/// </summary>
public static class ResponseIds
{
    public const string Prefix = "resp_";

    /// <summary>
    /// Header the balancer sets on each Responses request it forwards: the route tag of the node it chose. A node
    /// that receives a valid tag puts it in the ids it makes; an invalid one is ignored.
    /// </summary>
    public const string RouteTagHeader = "X-Synapse-Route-Tag";

    /// <summary>Longest route tag: short, so ids stay close to OpenAI's length.</summary>
    public const int MaxRouteTagLength = 16;

    /// <summary>A new id, carrying <paramref name="routeTag"/> when it is a valid tag.</summary>
    public static string New(string? routeTag) =>
        routeTag is not null && IsValidRouteTag(routeTag)
            ? Prefix + routeTag + "_" + RandomHex(32)
            : Prefix + RandomHex(48);

    /// <summary>The route tag an id carries; false for ids made without a balancer and for anything not an id.</summary>
    public static bool TryGetRouteTag(string id, out string routeTag)
    {
        routeTag = "";
        if (!id.StartsWith(Prefix, StringComparison.Ordinal))
            return false;
        var rest = id.AsSpan(Prefix.Length);
        var separator = rest.IndexOf('_');
        if (separator <= 0 || !IsValidRouteTag(rest[..separator]))
            return false;
        routeTag = rest[..separator].ToString();
        return true;
    }

    /// <summary>1 to <see cref="MaxRouteTagLength"/> characters, each a lowercase ASCII letter or a digit.</summary>
    public static bool IsValidRouteTag(ReadOnlySpan<char> tag)
    {
        if (tag.IsEmpty || tag.Length > MaxRouteTagLength)
            return false;
        foreach (var c in tag)
        {
            if (c is not ((>= 'a' and <= 'z') or (>= '0' and <= '9')))
                return false;
        }
        return true;
    }

    private static string RandomHex(int length) => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(length / 2));
}
