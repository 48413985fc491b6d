using Microsoft.AspNetCore.Http;
using Synapse.Hosting.Errors;
using Synapse.OpenAI.Errors;

namespace Synapse.LoadBalancer.Errors;

/// <summary>The balancer's name for the shared <see cref="OpenAIErrorWriter"/>, so node and balancer answer errors alike.</summary>
public static class ErrorWriter
{
    public static Task WriteAsync(HttpContext context, ApiError error) => OpenAIErrorWriter.WriteAsync(context, error);

    /// <summary>The error as one SSE event (<c>data: {"error": …}</c>), as OpenAI ends a failed stream.</summary>
    public static byte[] ToSseEvent(ApiError error) => OpenAIErrorWriter.ToSseEvent(error);
}
