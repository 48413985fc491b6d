using Synapse.Hosting.Errors;
using Synapse.LoadBalancer.Errors;

namespace Synapse.LoadBalancer.Proxy;

/// <summary>
/// Reads a node's SSE stream and hands it on whole events at a time (up to each blank line), so that when the
/// node fails mid-stream the client never holds half an event: the partial event is dropped and an error event
/// in OpenAI's envelope ends the stream. A failure before anything was handed on is rethrown so the request can
/// still be retried on another node. Events pass as soon as they are complete: no buffering beyond one event.
/// </summary>
public sealed class SseGuardStream(Stream inner, ProxyAttempt attempt) : Stream
{
    // An event larger than this is passed on in pieces rather than held (no legitimate chunk comes near it).
    private const int MaxHeldBytes = 1 << 20;

    private byte[] _buffer = new byte[16 * 1024];
    private int _start;
    private int _end;
    private int _safeEnd;
    private bool _ended;
    private long _handedOn;

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override async ValueTask<int> ReadAsync(Memory<byte> destination, CancellationToken cancellationToken = default)
    {
        while (true)
        {
            if (_safeEnd > _start)
            {
                var count = Math.Min(destination.Length, _safeEnd - _start);
                _buffer.AsMemory(_start, count).CopyTo(destination);
                _start += count;
                _handedOn += count;
                return count;
            }

            if (_ended)
            {
                return 0;
            }

            Compact();
            int read;
            try
            {
                read = await inner.ReadAsync(_buffer.AsMemory(_end), cancellationToken).ConfigureAwait(false);
            }
            catch (Exception exception) when (exception is IOException or HttpRequestException && !cancellationToken.IsCancellationRequested)
            {
                if (_handedOn == 0 && _start == 0)
                {
                    throw;
                }

                attempt.StreamFailure = exception;
                EndWithError();
                continue;
            }

            if (read == 0)
            {
                _ended = true;
                _safeEnd = _end;
                continue;
            }

            var scanFrom = Math.Max(_start, _end - 1);
            _end += read;
            var boundary = LastBoundary(scanFrom);
            if (boundary >= 0)
            {
                _safeEnd = boundary;
            }
            else if (_end - _start >= MaxHeldBytes)
            {
                _safeEnd = _end;
            }
        }
    }

    public override int Read(byte[] buffer, int offset, int count) =>
        ReadAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            inner.Dispose();
        }

        base.Dispose(disposing);
    }

    /// <summary>The index just past the last "\n\n" in the unsent bytes from <paramref name="from"/>, or -1.</summary>
    private int LastBoundary(int from)
    {
        var span = _buffer.AsSpan(from, _end - from);
        var index = span.LastIndexOf("\n\n"u8);
        return index < 0 ? -1 : from + index + 2;
    }

    private void EndWithError()
    {
        // The partial event after the last boundary is dropped: half a JSON object would only confuse the client.
        _end = _safeEnd > _start ? _safeEnd : _start;
        var errorEvent = OpenAIErrorWriter.ToSseEvent(BalancerErrors.StreamInterrupted(attempt.NodeId));
        var needed = _end + errorEvent.Length;
        if (needed > _buffer.Length)
        {
            Array.Resize(ref _buffer, needed);
        }

        errorEvent.CopyTo(_buffer, _end);
        _end = needed;
        _safeEnd = _end;
        _ended = true;
    }

    private void Compact()
    {
        if (_start > 0)
        {
            Buffer.BlockCopy(_buffer, _start, _buffer, 0, _end - _start);
            _safeEnd -= _start;
            _end -= _start;
            _start = 0;
        }

        if (_end == _buffer.Length)
        {
            Array.Resize(ref _buffer, _buffer.Length * 2);
        }
    }
}
