namespace Synapse.LoadBalancer.Nodes;

/// <summary>The last few hundred request durations of a node, for the p50/p95 that /admin/status shows.</summary>
public sealed class LatencyWindow
{
    private const int Capacity = 256;
    private readonly double[] _values = new double[Capacity];
    private readonly Lock _lock = new();
    private int _count;
    private int _next;

    public void Add(double milliseconds)
    {
        lock (_lock)
        {
            _values[_next] = milliseconds;
            _next = (_next + 1) % Capacity;
            _count = Math.Min(_count + 1, Capacity);
        }
    }

    /// <summary>The <paramref name="quantile"/> (0..1) of the recorded values, or null before any.</summary>
    public double? Quantile(double quantile)
    {
        double[] copy;
        lock (_lock)
        {
            if (_count == 0)
            {
                return null;
            }

            copy = _values[.._count];
        }

        Array.Sort(copy);
        var index = (int)Math.Ceiling(quantile * copy.Length) - 1;
        return copy[Math.Clamp(index, 0, copy.Length - 1)];
    }
}
