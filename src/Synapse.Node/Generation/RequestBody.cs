using Microsoft.AspNetCore.Http;
using Synapse.Node.Configuration;
using Synapse.OpenAI.Serialization;

namespace Synapse.Node.Generation;

/// <summary>Reads and parses a request body with the node's size limit; a failure is thrown as its <c>ApiError</c>.</summary>
public static class RequestBody
{
    public static async Task<T> ReadAsync<T>(HttpContext context, NodeOptions options) where T : class
    {
        var parsed = await OpenAIJson.ReadAsync<T>(context.Request.Body, options.MaxBodyBytes, context.RequestAborted);
        return parsed.IsSuccess ? parsed.Value : throw parsed.Error;
    }
}
