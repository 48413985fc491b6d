using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Synapse.OpenAI.Errors;
using Synapse.OpenAI.Serialization;

namespace Synapse.Hosting.Errors;

/// <summary>
/// Writes an <see cref="ApiError"/> as OpenAI's envelope (<c>{"error":{"message","type","param","code"}}</c>) with its
/// status and Retry-After: the one writer of the node and the balancer, so both answer errors alike.
/// </summary>
public static class OpenAIErrorWriter
{
    /// <param name="authenticate">A WWW-Authenticate challenge for a 401 (written after the response is cleared).</param>
    public static async Task WriteAsync(HttpContext context, ApiError error, string? authenticate = null)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(error);
        if (context.Response.HasStarted)
        {
            // A stream has already sent 200: the error can only travel in the stream (see ToSseEvent).
            return;
        }

        context.Response.Clear();
        context.Response.StatusCode = error.StatusCode;
        context.Response.ContentType = "application/json";
        if (authenticate is not null)
        {
            context.Response.Headers.WWWAuthenticate = authenticate;
        }

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
            // The client is gone; there is no one to answer.
        }
    }

    /// <summary>The envelope itself, also used inside an SSE stream (<c>data: {"error": …}</c>), as OpenAI does.</summary>
    public static void WriteEnvelope(Utf8JsonWriter writer, ApiError error)
    {
        ArgumentNullException.ThrowIfNull(error);
        JsonSerializer.Serialize(writer, error.ToResponse(), OpenAIJson.TypeInfo<ErrorResponse>());
    }

    /// <summary>The error as one SSE event (<c>data: {"error": …}</c>), as OpenAI ends a failed stream.</summary>
    public static byte[] ToSseEvent(ApiError error)
    {
        ArgumentNullException.ThrowIfNull(error);
        return OpenAIJson.ToSseEvent(error.ToResponse());
    }
}
