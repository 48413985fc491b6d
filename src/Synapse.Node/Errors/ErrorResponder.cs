using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Synapse.Hosting.Errors;
using Synapse.Node.Metrics;
using Synapse.OpenAI.Errors;

namespace Synapse.Node.Errors;

/// <summary>Counts an <see cref="ApiError"/> and writes it with the shared <see cref="OpenAIErrorWriter"/>.</summary>
public sealed class ErrorResponder(NodeMetrics metrics)
{
    public Task WriteAsync(HttpContext context, ApiError error)
    {
        ArgumentNullException.ThrowIfNull(error);
        metrics.Errors.Increment(error.Code ?? error.Type);
        return OpenAIErrorWriter.WriteAsync(context, error);
    }
}
