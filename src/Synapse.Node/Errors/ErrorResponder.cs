using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Synapse.Node.Metrics;
using Synapse.OpenAI.Errors;
using Synapse.OpenAI.Serialization;

namespace Synapse.Node.Errors;

/// <summary>Writes an <see cref="ApiError"/> as OpenAI's envelope with its status (and Retry-After), and counts it.</summary>
public sealed class ErrorResponder(NodeMetrics metrics)
{
    public async Task WriteAsync(HttpContext context, ApiError error)
    {
        metrics.Errors.Increment(error.Code ?? error.Type);
        if (context.Response.HasStarted)
        {
            // A stream has already sent 200: the error can only travel in the stream (see the SSE writer).
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

        await context.Response.BodyWriter.FlushAsync(context.RequestAborted);
    }

    /// <summary>The envelope itself, also used inside an SSE stream (<c>data: {"error": …}</c>), as OpenAI does.</summary>
    public static void WriteEnvelope(Utf8JsonWriter writer, ApiError error)
    {
        JsonSerializer.Serialize(writer, error.ToResponse(), OpenAIJson.TypeInfo<ErrorResponse>());
    }
}
