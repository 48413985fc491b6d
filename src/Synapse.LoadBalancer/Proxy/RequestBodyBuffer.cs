using System.Buffers;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace Synapse.LoadBalancer.Proxy;

/// <summary>
/// Reads a request body into memory (bounded), so it can be sent again to another node when the first fails.
/// Requests to an LLM are small JSON documents, so holding them costs little.
/// </summary>
public static class RequestBodyBuffer
{
    /// <summary>The body, null when the request has none, or <see cref="TooLarge"/> when over <paramref name="maxBytes"/>.</summary>
    public static async Task<(byte[]? Body, bool TooLarge)> ReadAsync(HttpRequest request, long maxBytes, CancellationToken cancellationToken)
    {
        var canHaveBody = request.HttpContext.Features.Get<IHttpRequestBodyDetectionFeature>()?.CanHaveBody ?? request.ContentLength > 0;
        if (!canHaveBody)
        {
            return (null, false);
        }

        if (request.ContentLength > maxBytes)
        {
            return (null, true);
        }

        using var buffer = new MemoryStream(request.ContentLength is { } length ? (int)length : 4096);
        // Pooled: this runs for every proxied request.
        var chunk = ArrayPool<byte>.Shared.Rent(16 * 1024);
        try
        {
            while (true)
            {
                var read = await request.Body.ReadAsync(chunk, cancellationToken).ConfigureAwait(false);
                if (read == 0)
                {
                    break;
                }

                if (buffer.Length + read > maxBytes)
                {
                    return (null, true);
                }

                buffer.Write(chunk, 0, read);
            }
        }
        catch (BadHttpRequestException exception) when (exception.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return (null, true);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(chunk);
        }

        return (buffer.ToArray(), false);
    }
}
