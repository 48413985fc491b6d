using System.Globalization;
using Microsoft.AspNetCore.Http;
using Synapse.OpenAI.Errors;
using Synapse.OpenAI.Serialization;

namespace Synapse.LoadBalancer.Errors;

/// <summary>Writes an <see cref="ApiError"/> as OpenAI's envelope with its status (and Retry-After).</summary>
public static class ErrorWriter
{
    public static async Task WriteAsync(HttpContext context, ApiError error)
    {
        if (context.Response.HasStarted)
        {
            return;
        }

        context.Response.Clear();
        context.Response.StatusCode = error.StatusCode;
        context.Response.ContentType = "application/json";
        if (error.RetryAfterSeconds is { } retryAfter)
        {
            context.Response.Headers.RetryAfter = retryAfter.ToString(CultureInfo.InvariantCulture);
        }

        OpenAIJson.Serialize(context.Response.BodyWriter, error.ToResponse());
        try
        {
            await context.Response.BodyWriter.FlushAsync(context.RequestAborted).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
        }
    }

    /// <summary>The error as one SSE event (<c>data: {"error": …}</c>), as OpenAI ends a failed stream.</summary>
    public static byte[] ToSseEvent(ApiError error) => OpenAIJson.ToSseEvent(error.ToResponse());
}
