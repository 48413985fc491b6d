using System.ClientModel;
using System.Buffers;
using System.Text;
using OpenAI.Chat;
using Synapse.OpenAI.Chat;
using Synapse.OpenAI.Common;
using Synapse.OpenAI.Errors;
using Synapse.OpenAI.Serialization;
using Synapse.OpenAI.Tests.Infrastructure;
using Synapse.OpenAI.Validation;
using ChatCompletion = Synapse.OpenAI.Chat.ChatCompletion;
using SdkChatMessage = OpenAI.Chat.ChatMessage;

namespace Synapse.OpenAI.Tests.Serialization;

/// <summary>
/// The official SDK end to end over an in-process handler: what it sends parses and validates with our types, and
/// what we answer (JSON, SSE, error envelope) comes out of its client API with the right values.
/// </summary>
public class SdkClientRoundTripTests
{
    private static readonly ChatCompletion Answer = new()
    {
        Id = "chatcmpl-1", Created = 1700000000, Model = "synapse-test", SystemFingerprint = "fp_s",
        Choices = [new() { Message = new() { Content = "Four." }, FinishReason = FinishReasons.Stop }],
        Usage = Usage.Of(20, 2),
    };

    private static ChatCompletionRequest ParseAndValidate(byte[]? body)
    {
        Assert.NotNull(body);
        var parsed = OpenAIJson.Parse<ChatCompletionRequest>(body);
        Assert.True(parsed.IsSuccess, parsed.Error?.Message);
        Assert.Null(new RequestValidator().Validate(parsed.Value));
        return parsed.Value;
    }

    [Fact]
    public async Task Sdk_request_with_options_parses_and_the_answer_reads_back()
    {
        var server = new StubOpenAIServer(200, OpenAIJson.SerializeToUtf8Bytes(Answer), "application/json");
        List<SdkChatMessage> messages =
        [
            new SystemChatMessage("You are terse."),
            new UserChatMessage("What is 2+2?"),
            new AssistantChatMessage("4"),
            new UserChatMessage(ChatMessageContentPart.CreateTextPart("Again,"), ChatMessageContentPart.CreateTextPart("in words.")),
        ];
        var options = new ChatCompletionOptions
        {
            Temperature = 0.8f,
            TopP = 0.95f,
            MaxOutputTokenCount = 32,
            FrequencyPenalty = 0.25f,
            PresencePenalty = -0.5f,
            Seed = 42,
            EndUserId = "user-1",
        };
        options.StopSequences.Add("\n\n");
        options.StopSequences.Add("END");

        var result = await server.ChatClient().CompleteChatAsync(messages, options);

        Assert.Equal("/v1/chat/completions", server.RequestPath);
        Assert.Equal("Bearer sk-local-test-key", server.Authorization);
        var request = ParseAndValidate(server.RequestBody);
        Assert.Equal("synapse-test", request.Model);
        Assert.Equal(4, request.Messages!.Count);
        Assert.Equal(["system", "user", "assistant", "user"], request.Messages.Select(m => m.Role));
        Assert.Equal("You are terse.", request.Messages[0].Content!.GetText());
        Assert.Equal("What is 2+2?", request.Messages[1].Content!.GetText());
        Assert.Equal("Again,\nin words.", request.Messages[3].Content!.GetText());
        Assert.Equal(0.8, request.Temperature!.Value, 5);
        Assert.Equal(0.95, request.TopP!.Value, 5);
        Assert.Equal(32, request.EffectiveMaxTokens);
        Assert.Equal(0.25, request.FrequencyPenalty!.Value, 5);
        Assert.Equal(-0.5, request.PresencePenalty!.Value, 5);
        Assert.Equal(42, request.Seed);
        Assert.Equal(["\n\n", "END"], request.Stop);
        Assert.False(request.IsStreaming);

        var completion = result.Value;
        Assert.Equal("Four.", completion.Content[0].Text);
        Assert.Equal(ChatFinishReason.Stop, completion.FinishReason);
        Assert.Equal(20, completion.Usage.InputTokenCount);
        Assert.Equal(22, completion.Usage.TotalTokenCount);
    }

    [Fact]
    public async Task Sdk_stream_request_parses_and_our_sse_stream_reads_back()
    {
        var chunks = new List<ChatCompletionChunk>();
        ChatCompletionChunk Chunk(ChatCompletionDelta delta, string? finish) => new()
        {
            Id = "chatcmpl-s", Created = 1700000000, Model = "synapse-test", SystemFingerprint = "fp_s", IncludeUsage = true,
            Choices = [new() { Delta = delta, FinishReason = finish }],
        };
        chunks.Add(Chunk(new() { Role = "assistant", Content = "" }, null));
        foreach (var piece in new[] { "Once", " upon", " a ", "time 🙂" }) chunks.Add(Chunk(new() { Content = piece }, null));
        chunks.Add(Chunk(new(), FinishReasons.Length));
        var usage = Chunk(new(), null);
        usage.Choices = [];
        usage.Usage = Usage.Of(5, 4);
        chunks.Add(usage);

        var sse = new ArrayBufferWriter<byte>();
        sse.Write(OpenAIJson.SseKeepAlive);
        foreach (var c in chunks) OpenAIJson.WriteSseEvent(sse, c);
        OpenAIJson.WriteSseDone(sse);
        var server = new StubOpenAIServer(200, sse.WrittenSpan.ToArray(), "text/event-stream");

        var text = new StringBuilder();
        ChatFinishReason? finish = null;
        ChatMessageRole? role = null;
        ChatTokenUsage? tokenUsage = null;
        var updates = 0;
        await foreach (var update in server.ChatClient().CompleteChatStreamingAsync([new UserChatMessage("Tell a story")],
                           new ChatCompletionOptions { MaxOutputTokenCount = 4 }))
        {
            updates++;
            role ??= update.Role;
            foreach (var part in update.ContentUpdate) text.Append(part.Text);
            finish ??= update.FinishReason;
            tokenUsage ??= update.Usage;
        }

        var request = ParseAndValidate(server.RequestBody);
        Assert.True(request.IsStreaming);
        Assert.True(request.IncludeUsage);
        Assert.Equal(4, request.EffectiveMaxTokens);

        Assert.Equal(chunks.Count, updates);
        Assert.Equal(ChatMessageRole.Assistant, role);
        Assert.Equal("Once upon a time 🙂", text.ToString());
        Assert.Equal(ChatFinishReason.Length, finish);
        Assert.NotNull(tokenUsage);
        Assert.Equal(5, tokenUsage.InputTokenCount);
        Assert.Equal(4, tokenUsage.OutputTokenCount);
    }

    [Fact]
    public async Task Sdk_tool_history_parses()
    {
        var server = new StubOpenAIServer(200, OpenAIJson.SerializeToUtf8Bytes(Answer), "application/json");
        List<SdkChatMessage> messages =
        [
            new UserChatMessage("Weather in Oslo?"),
            new AssistantChatMessage([global::OpenAI.Chat.ChatToolCall.CreateFunctionToolCall("call_1", "weather", BinaryData.FromString("{\"city\":\"Oslo\"}"))]),
            new ToolChatMessage("call_1", "sunny"),
        ];
        await server.ChatClient().CompleteChatAsync(messages);

        var request = ParseAndValidate(server.RequestBody);
        var call = Assert.Single(request.Messages![1].ToolCalls!);
        Assert.Equal("call_1", call.Id);
        Assert.Equal("weather", call.Function!.Name);
        Assert.Equal("{\"city\":\"Oslo\"}", call.Function.Arguments);
        Assert.Equal("call_1", request.Messages[2].ToolCallId);
        Assert.Equal("sunny", request.Messages[2].Content!.GetText());
    }

    [Fact]
    public async Task Sdk_image_part_parses_and_is_refused_by_validation()
    {
        var server = new StubOpenAIServer(200, OpenAIJson.SerializeToUtf8Bytes(Answer), "application/json");
        await server.ChatClient().CompleteChatAsync([new UserChatMessage(
            ChatMessageContentPart.CreateTextPart("What is this?"),
            ChatMessageContentPart.CreateImagePart(new Uri("http://127.0.0.1/cat.png")))]);

        var parsed = OpenAIJson.Parse<ChatCompletionRequest>(server.RequestBody!);
        Assert.True(parsed.IsSuccess, parsed.Error?.Message);
        var error = new RequestValidator().Validate(parsed.Value);
        Assert.NotNull(error);
        Assert.Equal("messages[0].content[1].type", error.Param);
    }

    [Theory]
    [InlineData(404)]
    [InlineData(400)]
    [InlineData(401)]
    [InlineData(503)]
    public async Task Sdk_surfaces_our_error_envelope(int status)
    {
        var error = status switch
        {
            404 => ApiError.ModelNotFound("gpt-x", ["synapse-test"]),
            400 => ApiError.MissingParameter("messages"),
            401 => ApiError.InvalidApiKey("sk-wrong-key-123456"),
            _ => ApiError.Overloaded(),
        };
        Assert.Equal(status, error.StatusCode);
        var server = new StubOpenAIServer(status, OpenAIJson.SerializeToUtf8Bytes(error.ToResponse()), "application/json");

        var thrown = await Assert.ThrowsAsync<ClientResultException>(() => server.ChatClient().CompleteChatAsync([new UserChatMessage("hi")]));
        Assert.Equal(status, thrown.Status);
        Assert.Contains(error.Message, thrown.Message);
    }
}
