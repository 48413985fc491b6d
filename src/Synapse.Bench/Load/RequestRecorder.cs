using System.Diagnostics;

namespace Synapse.Bench.Load;

/// <summary>Timestamps one request's content deltas on the monotonic clock and turns them into a sample.</summary>
public sealed class RequestRecorder(Action? onFirstContent = null)
{
    private readonly long _start = Stopwatch.GetTimestamp();
    private readonly List<double> _gaps = [];
    private long _first;
    private long _last;
    private int _chunks;

    /// <summary>Call when a content delta with at least one character arrives.</summary>
    public void OnContent()
    {
        var now = Stopwatch.GetTimestamp();
        if (_chunks == 0)
        {
            _first = now;
            onFirstContent?.Invoke();
        }
        else
        {
            _gaps.Add(Stopwatch.GetElapsedTime(_last, now).TotalMilliseconds);
        }

        _last = now;
        _chunks++;
    }

    public RequestSample Succeed(int promptTokens, int? completionTokens, string? finishReason) => new()
    {
        Succeeded = true,
        TtftMs = _chunks > 0 ? Stopwatch.GetElapsedTime(_start, _first).TotalMilliseconds : null,
        E2eMs = Stopwatch.GetElapsedTime(_start).TotalMilliseconds,
        ChunkGapsMs = _gaps,
        ContentChunks = _chunks,
        PromptTokens = promptTokens,
        CompletionTokens = completionTokens ?? _chunks,
        UsageMissing = completionTokens is null,
        FinishReason = finishReason,
    };

    public RequestSample Fail(string error) => new()
    {
        Succeeded = false,
        Error = error,
        TtftMs = _chunks > 0 ? Stopwatch.GetElapsedTime(_start, _first).TotalMilliseconds : null,
        E2eMs = Stopwatch.GetElapsedTime(_start).TotalMilliseconds,
        ContentChunks = _chunks,
    };
}
