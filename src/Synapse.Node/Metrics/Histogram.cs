using System.Globalization;
using System.Text;

namespace Synapse.Node.Metrics;

/// <summary>A lock-free Prometheus histogram with fixed upper bounds (in seconds).</summary>
public sealed class Histogram(string name, string help, double[] upperBounds)
{
    private readonly long[] _counts = new long[upperBounds.Length + 1];
    private long _sumBits;

    public string Name { get; } = name;

    public void Observe(double value)
    {
        var index = Array.BinarySearch(upperBounds, value);
        if (index < 0)
        {
            index = ~index;
        }

        Interlocked.Increment(ref _counts[index]);
        long current, next;
        do
        {
            current = Interlocked.Read(ref _sumBits);
            next = BitConverter.DoubleToInt64Bits(BitConverter.Int64BitsToDouble(current) + value);
        }
        while (Interlocked.CompareExchange(ref _sumBits, next, current) != current);
    }

    public void WriteTo(StringBuilder output)
    {
        output.Append("# HELP ").Append(Name).Append(' ').Append(help).Append('\n');
        output.Append("# TYPE ").Append(Name).Append(" histogram\n");
        long cumulative = 0;
        for (var i = 0; i < upperBounds.Length; i++)
        {
            cumulative += Interlocked.Read(ref _counts[i]);
            output.Append(Name).Append("_bucket{le=\"").Append(upperBounds[i].ToString("R", CultureInfo.InvariantCulture)).Append("\"} ")
                .Append(cumulative.ToString(CultureInfo.InvariantCulture)).Append('\n');
        }

        cumulative += Interlocked.Read(ref _counts[^1]);
        output.Append(Name).Append("_bucket{le=\"+Inf\"} ").Append(cumulative.ToString(CultureInfo.InvariantCulture)).Append('\n');
        output.Append(Name).Append("_sum ").Append(BitConverter.Int64BitsToDouble(Interlocked.Read(ref _sumBits)).ToString("R", CultureInfo.InvariantCulture)).Append('\n');
        output.Append(Name).Append("_count ").Append(cumulative.ToString(CultureInfo.InvariantCulture)).Append('\n');
    }
}
