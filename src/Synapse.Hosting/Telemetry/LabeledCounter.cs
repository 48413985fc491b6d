using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Synapse.Hosting.Telemetry;

/// <summary>A counter whose series are told apart by a fixed list of labels, given in order on each increment.</summary>
public sealed class LabeledCounter(Counter<long> counter, params string[] labelNames)
{
    public string Name => counter.Name;

    public void Increment(params ReadOnlySpan<string> labelValues)
    {
        Debug.Assert(labelValues.Length == labelNames.Length, $"{Name} takes {labelNames.Length} label values.");
        var tags = new TagList();
        for (var i = 0; i < labelNames.Length; i++)
        {
            tags.Add(labelNames[i], i < labelValues.Length ? labelValues[i] : "");
        }

        counter.Add(1, tags);
    }
}
