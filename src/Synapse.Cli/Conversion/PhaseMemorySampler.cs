namespace Synapse.Cli.Conversion;

/// <summary>
/// Samples resident memory every few milliseconds and keeps the peak per phase (converting, quantizing), since the
/// process-wide high-water mark cannot tell the two apart.
/// </summary>
internal sealed class PhaseMemorySampler : IDisposable
{
    private readonly Dictionary<string, long> _peaks = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long> _anonymousPeaks = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private readonly Dictionary<string, TimeSpan> _durations = new(StringComparer.Ordinal);
    private readonly System.Diagnostics.Stopwatch _clock = System.Diagnostics.Stopwatch.StartNew();
    private TimeSpan _phaseStart;
    private string _phase = "starting";

    public PhaseMemorySampler() => _loop = Task.Run(LoopAsync);

    public string Phase
    {
        set
        {
            lock (_gate)
            {
                Sample();
                EndPhase();
                _phase = value;
            }
        }
    }

    public IReadOnlyDictionary<string, long> Peaks
    {
        get
        {
            lock (_gate)
            {
                Sample();
                return new Dictionary<string, long>(_peaks, StringComparer.Ordinal);
            }
        }
    }

    /// <summary>Peak anonymous (not file-backed) resident memory per phase, where the platform reports it.</summary>
    public IReadOnlyDictionary<string, long> AnonymousPeaks
    {
        get
        {
            lock (_gate)
            {
                Sample();
                return new Dictionary<string, long>(_anonymousPeaks, StringComparer.Ordinal);
            }
        }
    }

    /// <summary>Time spent in each phase so far.</summary>
    public IReadOnlyDictionary<string, TimeSpan> Durations
    {
        get
        {
            lock (_gate)
            {
                EndPhase();
                return new Dictionary<string, TimeSpan>(_durations, StringComparer.Ordinal);
            }
        }
    }

    public void Dispose()
    {
        _stop.Cancel();
        try
        {
            _loop.Wait();
        }
        catch (AggregateException)
        {
        }

        _stop.Dispose();
    }

    private async Task LoopAsync()
    {
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(20));
        while (await timer.WaitForNextTickAsync(_stop.Token).ConfigureAwait(false))
        {
            lock (_gate)
            {
                Sample();
            }
        }
    }

    private void EndPhase()
    {
        var now = _clock.Elapsed;
        _durations[_phase] = _durations.GetValueOrDefault(_phase) + (now - _phaseStart);
        _phaseStart = now;
    }

    private void Sample()
    {
        var rss = ResidentMemory.Current();
        _peaks[_phase] = Math.Max(_peaks.GetValueOrDefault(_phase), rss);
        if (ResidentMemory.CurrentAnonymous() is { } anonymous)
        {
            _anonymousPeaks[_phase] = Math.Max(_anonymousPeaks.GetValueOrDefault(_phase), anonymous);
        }
    }
}
