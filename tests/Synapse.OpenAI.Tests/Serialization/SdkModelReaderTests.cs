using System.ClientModel.Primitives;
using OpenAI.Chat;
using Synapse.OpenAI.Chat;
using Synapse.OpenAI.Common;
using Synapse.OpenAI.Serialization;
using SdkChatCompletion = OpenAI.Chat.ChatCompletion;
using ChatCompletion = Synapse.OpenAI.Chat.ChatCompletion;

namespace Synapse.OpenAI.Tests.Serialization;

/// <summary>Our JSON read by the official OpenAI .NET SDK's own model readers.</summary>
public class SdkModelReaderTests
{
    private static ChatCompletionChunk Chunk(ChatCompletionDelta delta, string? finish, bool includeUsage) => new()
    {
        Id = "chatcmpl-abc",
        Created = 1700000000,
        Model = "synapse-test",
        SystemFingerprint = "fp_synapse",
        Choices = [new() { Index = 0, Delta = delta, FinishReason = finish }],
        IncludeUsage = includeUsage,
    };

    [Fact]
    public void Chat_completion_reads_with_the_right_values()
    {
        var ours = new ChatCompletion
        {
            Id = "chatcmpl-xyz",
            Created = 1700000123,
            Model = "synapse-test",
            SystemFingerprint = "fp_synapse",
            Choices = [new() { Message = new() { Content = "Hello there ✓" }, FinishReason = FinishReasons.Length }],
            Usage = Usage.Of(11, 4),
        };
        var sdk = ModelReaderWriter.Read<SdkChatCompletion>(BinaryData.FromBytes(OpenAIJson.SerializeToUtf8Bytes(ours)))!;

        Assert.Equal("chatcmpl-xyz", sdk.Id);
        Assert.Equal("synapse-test", sdk.Model);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1700000123), sdk.CreatedAt);
        Assert.Equal("fp_synapse", sdk.SystemFingerprint);
        Assert.Equal(ChatMessageRole.Assistant, sdk.Role);
        Assert.Equal("Hello there ✓", Assert.Single(sdk.Content).Text);
        Assert.Null(sdk.Refusal);
        Assert.Equal(ChatFinishReason.Length, sdk.FinishReason);
        Assert.Equal(11, sdk.Usage.InputTokenCount);
        Assert.Equal(4, sdk.Usage.OutputTokenCount);
        Assert.Equal(15, sdk.Usage.TotalTokenCount);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Every_chunk_of_a_stream_reads(bool includeUsage)
    {
        var first = Chunk(new() { Role = "assistant", Content = "" }, null, includeUsage);
        var middle = Chunk(new() { Content = "Hi" }, null, includeUsage);
        var last = Chunk(new(), FinishReasons.Stop, includeUsage);

        var u1 = Read(first);
        Assert.Equal(ChatMessageRole.Assistant, u1.Role);
        Assert.Equal("chatcmpl-abc", u1.CompletionId);
        Assert.Null(u1.FinishReason);
        Assert.Null(u1.Usage);

        var u2 = Read(middle);
        Assert.Equal("Hi", Assert.Single(u2.ContentUpdate).Text);
        Assert.Null(u2.FinishReason);
        Assert.Null(u2.Usage);

        var u3 = Read(last);
        Assert.Empty(u3.ContentUpdate);
        Assert.Equal(ChatFinishReason.Stop, u3.FinishReason);

        if (includeUsage)
        {
            var usageChunk = Chunk(new(), null, true);
            usageChunk.Choices = [];
            usageChunk.Usage = Usage.Of(7, 3);
            var u4 = Read(usageChunk);
            Assert.Null(u4.FinishReason);
            Assert.Equal(7, u4.Usage.InputTokenCount);
            Assert.Equal(3, u4.Usage.OutputTokenCount);
            Assert.Equal(10, u4.Usage.TotalTokenCount);
        }
    }

    private static StreamingChatCompletionUpdate Read(ChatCompletionChunk chunk) =>
        ModelReaderWriter.Read<StreamingChatCompletionUpdate>(BinaryData.FromBytes(OpenAIJson.SerializeToUtf8Bytes(chunk)))!;
}
