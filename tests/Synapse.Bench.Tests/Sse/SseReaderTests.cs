using System.Text;
using Synapse.Bench.Sse;

namespace Synapse.Bench.Tests.Sse;

public sealed class SseReaderTests
{
    /// <summary>Hands out at most a few bytes per read, as a slow network would.</summary>
    private sealed class TrickleStream(byte[] data, int chunk) : MemoryStream(data)
    {
        public override int Read(byte[] buffer, int offset, int count) => base.Read(buffer, offset, Math.Min(count, chunk));

        public override int Read(Span<byte> buffer) => base.Read(buffer[..Math.Min(buffer.Length, chunk)]);

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            base.ReadAsync(buffer[..Math.Min(buffer.Length, chunk)], cancellationToken);

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            base.ReadAsync(buffer, offset, Math.Min(count, chunk), cancellationToken);
    }

    private static async Task<List<SseEvent>> Read(string text, int chunk = 4096)
    {
        var events = new List<SseEvent>();
        await foreach (var e in SseReader.ReadAsync(new TrickleStream(Encoding.UTF8.GetBytes(text), chunk), CancellationToken.None))
        {
            events.Add(e);
        }

        return events;
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(4096)]
    public async Task Frames_split_across_reads_are_reassembled(int chunk)
    {
        var events = await Read("data: {\"a\":1}\n\ndata: {\"b\":\"é\"}\n\ndata: [DONE]\n\n", chunk);
        Assert.Equal(["{\"a\":1}", "{\"b\":\"é\"}", "[DONE]"], events.Select(e => e.Data));
    }

    [Fact]
    public async Task Comments_and_empty_frames_are_skipped()
    {
        var events = await Read(": keep-alive\n\n:another\n\n\n\ndata: x\n\n: trailing\n\n");
        Assert.Equal(["x"], events.Select(e => e.Data));
    }

    [Fact]
    public async Task Several_data_lines_join_with_newlines()
    {
        var events = await Read("data: {\"a\":\ndata: 1}\ndata:\n\n");
        Assert.Equal("{\"a\":\n1}\n", Assert.Single(events).Data);
    }

    [Fact]
    public async Task Crlf_and_cr_line_endings_work()
    {
        var events = await Read("data: one\r\n\r\ndata: two\r\rdata: three\n\n");
        Assert.Equal(["one", "two", "three"], events.Select(e => e.Data));
    }

    [Fact]
    public async Task Only_one_space_after_the_colon_is_dropped_and_fields_are_read()
    {
        var events = await Read("event: delta\nid: 7\ndata:  two spaces\nretry: 10\nunknown: x\n\ndata:nospace\n\n");
        Assert.Equal(" two spaces", events[0].Data);
        Assert.Equal("delta", events[0].EventType);
        Assert.Equal("7", events[0].Id);
        Assert.Equal("nospace", events[1].Data);
        Assert.Null(events[1].EventType);
    }

    [Fact]
    public async Task A_last_frame_without_its_blank_line_is_still_delivered()
    {
        var events = await Read("data: a\n\ndata: [DONE]");
        Assert.Equal(["a", "[DONE]"], events.Select(e => e.Data));
    }

    [Fact]
    public async Task A_frame_without_data_dispatches_nothing()
    {
        Assert.Empty(await Read("event: ping\n\nid: 3\n\n"));
    }
}
