using Synapse.Models.Conversion;

namespace Synapse.Models.Tests.Conversion;

/// <summary>An <see cref="IProgress{T}"/> that reports on the caller's thread (Progress&lt;T&gt; posts, losing order).</summary>
internal sealed class SynchronousProgress(Action<ConversionProgress> report) : IProgress<ConversionProgress>
{
    public void Report(ConversionProgress value) => report(value);
}
