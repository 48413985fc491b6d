using System.Text;
using Synapse.OpenAI.Chat;
using Synapse.OpenAI.Serialization;

namespace Synapse.OpenAI.Tests.Serialization;

public class ReadAsyncTests
{
    /// <summary>Hands out a few bytes per read, as a network stream does.</summary>
    private sealed class TrickleStream(byte[] data, int chunk) : MemoryStream(data)
    {
        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            base.ReadAsync(buffer[..Math.Min(chunk, buffer.Length)], cancellationToken);
    }

    [Fact]
    public async Task Reads_a_body_that_arrives_in_pieces_and_spans_buffers()
    {
        var longText = new string('x', 100_000);
        var body = Encoding.UTF8.GetBytes($$"""{"model":"m","messages":[{"role":"user","content":"{{longText}}"}]}""");
        var result = await OpenAIJson.ReadAsync<ChatCompletionRequest>(new TrickleStream(body, 777), 1_000_000, CancellationToken.None);
        Assert.True(result.IsSuccess, result.Error?.Message);
        Assert.Equal(longText, result.Value.Messages![0].Content!.GetText());
    }

    [Fact]
    public async Task Body_over_the_limit_is_413()
    {
        var body = Encoding.UTF8.GetBytes($$"""{"model":"m","messages":[{"role":"user","content":"{{new string('x', 5000)}}"}]}""");
        var result = await OpenAIJson.ReadAsync<ChatCompletionRequest>(new TrickleStream(body, 1000), 4096, CancellationToken.None);
        Assert.False(result.IsSuccess);
        Assert.Equal(413, result.Error.StatusCode);
        Assert.Equal("request_too_large", result.Error.Code);
    }

    [Fact]
    public async Task Body_exactly_at_the_limit_is_read()
    {
        var body = Encoding.UTF8.GetBytes("""{"model":"m","messages":[{"role":"user","content":"x"}]}""");
        var result = await OpenAIJson.ReadAsync<ChatCompletionRequest>(new MemoryStream(body), body.Length, CancellationToken.None);
        Assert.True(result.IsSuccess);
    }

    [Fact]
    public async Task Empty_body_is_malformed()
    {
        var result = await OpenAIJson.ReadAsync<ChatCompletionRequest>(new MemoryStream(), 1024, CancellationToken.None);
        Assert.False(result.IsSuccess);
        Assert.Equal(400, result.Error.StatusCode);
        Assert.StartsWith("We could not parse the JSON body", result.Error.Message);
    }

    [Fact]
    public async Task Cancellation_is_honoured()
    {
        using var cts = new CancellationTokenSource();
        await cts.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
            await OpenAIJson.ReadAsync<ChatCompletionRequest>(new TrickleStream(new byte[10], 1), 1024, cts.Token));
    }
}
