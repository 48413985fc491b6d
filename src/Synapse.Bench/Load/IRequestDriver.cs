namespace Synapse.Bench.Load;

/// <summary>Sends one benchmark request (over HTTP or straight into an engine) and measures it.</summary>
public interface IRequestDriver
{
    /// <summary>
    /// Runs request number <paramref name="requestIndex"/> (which picks its prompt variant) to the end. Failures
    /// come back as a failed sample; only cancellation of <paramref name="cancellationToken"/> throws.
    /// <paramref name="onFirstContent"/>, when given, is called once the first content arrives.
    /// </summary>
    Task<RequestSample> SendAsync(int requestIndex, int maxTokens, Action? onFirstContent, CancellationToken cancellationToken);
}
