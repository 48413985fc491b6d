using System.Text;
using Synapse.LoadBalancer.Proxy;

namespace Synapse.LoadBalancer.Tests.Proxy;

public sealed class SseGuardStreamTests
{
    private const string Events = "data: {\"a\":1}\n\n: keep-alive\n\ndata: {\"b\":2}\n\ndata: [DONE]\n\n";

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(7)]
    [InlineData(4096)]
    public async Task EventsSplitAcrossReadsPassWholeAndUnchanged(int pieceSize)
    {
        var attempt = new ProxyAttempt(false) { NodeId = "n1" };
        var guard = new SseGuardStream(new PiecewiseStream(Encoding.UTF8.GetBytes(Events), pieceSize, failAtEnd: false), attempt);

        var handedOn = new List<string>();
        var buffer = new byte[8192];
        int read;
        while ((read = await guard.ReadAsync(buffer)) > 0)
        {
            handedOn.Add(Encoding.UTF8.GetString(buffer, 0, read));
        }

        Assert.Equal(Events, string.Concat(handedOn));
        Assert.All(handedOn, piece => Assert.EndsWith("\n\n", piece, StringComparison.Ordinal));
        Assert.Null(attempt.StreamFailure);
    }

    [Fact]
    public async Task AFailureMidEventDropsThePartialEventAndEndsWithTheErrorEvent()
    {
        var attempt = new ProxyAttempt(false) { NodeId = "n1" };
        var guard = new SseGuardStream(new PiecewiseStream(Encoding.UTF8.GetBytes("data: {\"a\":1}\n\ndata: {\"b\":"), 5, failAtEnd: true), attempt);

        var text = Encoding.UTF8.GetString(await ReadAllAsync(guard));

        Assert.StartsWith("data: {\"a\":1}\n\ndata: {\"error\":{", text, StringComparison.Ordinal);
        Assert.DoesNotContain("\"b\"", text, StringComparison.Ordinal);
        Assert.EndsWith("}}\n\n", text, StringComparison.Ordinal);
        Assert.IsType<IOException>(attempt.StreamFailure);
    }

    [Fact]
    public async Task AFailureBeforeAnyEventIsRethrownSoTheRequestCanBeRetried()
    {
        var attempt = new ProxyAttempt(false) { NodeId = "n1" };
        var guard = new SseGuardStream(new PiecewiseStream(Encoding.UTF8.GetBytes("data: {\"a\""), 4, failAtEnd: true), attempt);

        await Assert.ThrowsAsync<IOException>(() => ReadAllAsync(guard));
        Assert.Null(attempt.StreamFailure);
    }

    private static async Task<byte[]> ReadAllAsync(Stream stream)
    {
        using var output = new MemoryStream();
        await stream.CopyToAsync(output);
        return output.ToArray();
    }

    /// <summary>Returns its bytes a few at a time, then ends or throws as a dropped connection does.</summary>
    private sealed class PiecewiseStream(byte[] data, int pieceSize, bool failAtEnd) : Stream
    {
        private int _position;

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => data.Length;
        public override long Position { get => _position; set => throw new NotSupportedException(); }

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            if (_position == data.Length)
            {
                return failAtEnd ? ValueTask.FromException<int>(new IOException("connection reset")) : ValueTask.FromResult(0);
            }

            var count = Math.Min(Math.Min(pieceSize, buffer.Length), data.Length - _position);
            data.AsSpan(_position, count).CopyTo(buffer.Span);
            _position += count;
            return ValueTask.FromResult(count);
        }

        public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
