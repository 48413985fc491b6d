using System.Collections.Concurrent;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;

namespace Synapse.Node.Metrics;

/// <summary>A Prometheus counter with a fixed set of label names; label values are created on first use.</summary>
public sealed class LabeledCounter(string name, string help, params string[] labelNames)
{
    private readonly ConcurrentDictionary<string, StrongBox<long>> _series = new(StringComparer.Ordinal);

    public string Name { get; } = name;

    public void Increment(params string[] labelValues)
    {
        var key = string.Join('\u0001', labelValues);
        var box = _series.GetOrAdd(key, static _ => new StrongBox<long>());
        Interlocked.Increment(ref box.Value);
    }

    public void WriteTo(StringBuilder output)
    {
        output.Append("# HELP ").Append(Name).Append(' ').Append(help).Append('\n');
        output.Append("# TYPE ").Append(Name).Append(" counter\n");
        foreach (var (key, box) in _series.OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            var values = key.Split('\u0001');
            output.Append(Name).Append('{');
            for (var i = 0; i < labelNames.Length; i++)
            {
                if (i > 0)
                {
                    output.Append(',');
                }

                output.Append(labelNames[i]).Append("=\"").Append(Escape(i < values.Length ? values[i] : "")).Append('"');
            }

            output.Append("} ").Append(Interlocked.Read(ref box.Value).ToString(CultureInfo.InvariantCulture)).Append('\n');
        }
    }

    private static string Escape(string value) =>
        value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);
}
