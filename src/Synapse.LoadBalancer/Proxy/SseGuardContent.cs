using System.Net;

namespace Synapse.LoadBalancer.Proxy;

/// <summary>
/// Stands in for a node's SSE response body so that a node dying mid-stream ends the client's stream with an
/// error event instead of a cut connection (see <see cref="SseGuardStream"/>). Headers stay on the original
/// content, which the forwarder has already copied.
/// </summary>
public sealed class SseGuardContent(HttpContent inner, ProxyAttempt attempt) : HttpContent
{
    protected override async Task<Stream> CreateContentReadStreamAsync(CancellationToken cancellationToken) =>
        new SseGuardStream(await inner.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false), attempt);

    protected override Task<Stream> CreateContentReadStreamAsync() => CreateContentReadStreamAsync(CancellationToken.None);

    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
    {
        await using var source = await CreateContentReadStreamAsync(CancellationToken.None).ConfigureAwait(false);
        await source.CopyToAsync(stream).ConfigureAwait(false);
    }

    protected override bool TryComputeLength(out long length)
    {
        length = 0;
        return false;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            inner.Dispose();
        }

        base.Dispose(disposing);
    }
}
