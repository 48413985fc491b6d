using Microsoft.AspNetCore.Http;
using Synapse.OpenAI.Serialization;

namespace Synapse.Node.Generation;

internal static class ResponseJson
{
    /// <summary>Serializes straight into the response's pipe with the source-generated metadata.</summary>
    public static async Task WriteAsync<T>(HttpContext context, T value)
    {
        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.ContentType = "application/json";
        OpenAIJson.Serialize(context.Response.BodyWriter, value);
        await context.Response.BodyWriter.FlushAsync(context.RequestAborted);
    }
}
