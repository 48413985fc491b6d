using System.Collections;
using System.Diagnostics;

namespace Synapse.Telemetry.Tests.Infrastructure;

/// <summary>
/// Where OpenTelemetry's in-memory exporter puts ended spans; tests wait on it for the spans they expect instead of
/// sleeping (a server span ends a moment after its response reached the client).
/// </summary>
public sealed class SpanCollection : ICollection<Activity>
{
    private readonly List<Activity> _spans = [];
    private readonly List<(Func<IReadOnlyList<Activity>, bool> Done, TaskCompletionSource Signal)> _waiters = [];

    public int Count
    {
        get
        {
            lock (_spans)
            {
                return _spans.Count;
            }
        }
    }

    public bool IsReadOnly => false;

    public void Add(Activity item)
    {
        lock (_spans)
        {
            _spans.Add(item);
            foreach (var waiter in _waiters.Where(w => w.Done(_spans)).ToList())
            {
                _waiters.Remove(waiter);
                waiter.Signal.TrySetResult();
            }
        }
    }

    /// <summary>Completes once the spans seen so far satisfy <paramref name="done"/>.</summary>
    public async Task<IReadOnlyList<Activity>> WaitForAsync(Func<IReadOnlyList<Activity>, bool> done, string what, CancellationToken cancellationToken)
    {
        var signal = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_spans)
        {
            if (done(_spans))
            {
                return [.. _spans];
            }

            _waiters.Add((done, signal));
        }

        try
        {
            await signal.Task.WaitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            throw new Xunit.Sdk.XunitException($"The expected spans never came ({what}); recorded: " + string.Join("; ",
                Snapshot().Where(s => !s.DisplayName.StartsWith("GET", StringComparison.Ordinal)).Select(s => $"{s.Source.Name} {s.Kind} '{s.DisplayName}' trace {s.TraceId} parent {s.ParentSpanId} span {s.SpanId}")));
        }

        return Snapshot();
    }

    public IReadOnlyList<Activity> Snapshot()
    {
        lock (_spans)
        {
            return [.. _spans];
        }
    }

    public void Clear()
    {
        lock (_spans)
        {
            _spans.Clear();
        }
    }

    public bool Contains(Activity item)
    {
        lock (_spans)
        {
            return _spans.Contains(item);
        }
    }

    public void CopyTo(Activity[] array, int arrayIndex)
    {
        lock (_spans)
        {
            _spans.CopyTo(array, arrayIndex);
        }
    }

    public bool Remove(Activity item)
    {
        lock (_spans)
        {
            return _spans.Remove(item);
        }
    }

    public IEnumerator<Activity> GetEnumerator() => Snapshot().GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
