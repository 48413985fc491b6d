using Synapse.Bench.Http;

namespace Synapse.Bench.Tests.Http;

public sealed class ChunkParserTests
{
    [Fact]
    public void Reads_chat_delta_content_and_finish_reason()
    {
        var chunk = ChunkParser.Parse("""{"choices":[{"index":0,"delta":{"content":"Hi"},"finish_reason":null}]}""", BenchEndpoint.Chat);
        Assert.Equal("Hi", chunk.Content);
        Assert.Null(chunk.FinishReason);
        Assert.Null(chunk.Error);
    }

    [Fact]
    public void Reads_reasoning_content_when_content_is_empty()
    {
        var chunk = ChunkParser.Parse("""{"choices":[{"delta":{"content":null,"reasoning_content":"hmm"}}]}""", BenchEndpoint.Chat);
        Assert.Equal("hmm", chunk.Content);
    }

    [Fact]
    public void Reads_completion_text_and_a_usage_only_chunk()
    {
        Assert.Equal("abc", ChunkParser.Parse("""{"choices":[{"text":"abc","finish_reason":"length"}]}""", BenchEndpoint.Completions).Content);

        var usage = ChunkParser.Parse("""{"choices":[],"usage":{"prompt_tokens":12,"completion_tokens":34,"total_tokens":46}}""", BenchEndpoint.Completions);
        Assert.Equal((12, 34), (usage.PromptTokens, usage.CompletionTokens));
        Assert.Null(usage.Content);
    }

    [Fact]
    public void Reads_a_full_non_streaming_response()
    {
        var chunk = ChunkParser.Parse("""{"choices":[{"message":{"role":"assistant","content":"x"}}],"usage":{"prompt_tokens":9,"completion_tokens":1}}""", BenchEndpoint.Chat);
        Assert.Equal(("x", 9), (chunk.Content, chunk.PromptTokens));
    }

    [Fact]
    public void Reports_error_envelopes_and_malformed_json()
    {
        Assert.Equal("boom", ChunkParser.Parse("""{"error":{"message":"boom","type":"server_error"}}""", BenchEndpoint.Chat).Error);
        Assert.Contains("malformed JSON", ChunkParser.Parse("{\"choices\":[", BenchEndpoint.Chat).Error);
        Assert.NotNull(ChunkParser.Parse("[1,2]", BenchEndpoint.Chat).Error);
    }
}
