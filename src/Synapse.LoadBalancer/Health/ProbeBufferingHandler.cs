namespace Synapse.LoadBalancer.Health;

/// <summary>
/// Reads a health probe's answer before YARP hands it to <see cref="NodeActiveHealthPolicy"/>, whose callback is
/// synchronous: the policy needs the body of a 503 ("loading" or "draining") and must not block on the network.
/// The probe's timeout covers this read. Forwarded requests pass untouched.
/// </summary>
public sealed class ProbeBufferingHandler : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        if (request.Options.TryGetValue(NodeProbeRequestFactory.ProbeOption, out var probe) && probe)
        {
            try
            {
                await response.Content.LoadIntoBufferAsync(64 * 1024, cancellationToken).ConfigureAwait(false);
            }
            catch
            {
                response.Dispose();
                throw;
            }
        }

        return response;
    }
}
