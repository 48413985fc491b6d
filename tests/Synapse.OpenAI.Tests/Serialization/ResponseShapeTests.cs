using System.Text;
using Synapse.OpenAI.Chat;
using Synapse.OpenAI.Common;
using Synapse.OpenAI.Completions;
using Synapse.OpenAI.Errors;
using Synapse.OpenAI.Models;
using Synapse.OpenAI.Serialization;
using Synapse.OpenAI.Tests.Infrastructure;

namespace Synapse.OpenAI.Tests.Serialization;

/// <summary>
/// Our JSON against literal OpenAI responses (from the API reference). Where OpenAI sends fields we do not produce
/// (<c>annotations</c>, <c>service_tier</c>, audio token details) they are removed from the literal and named here.
/// </summary>
public class ResponseShapeTests
{
    [Fact]
    public void Chat_completion()
    {
        var completion = new ChatCompletion
        {
            Id = "chatcmpl-B9MBs8CjcvOU2jLn4n570S5qMJKcT",
            Created = 1741569952,
            Model = "gpt-4.1-2025-04-14",
            SystemFingerprint = "fp_44709d6fcb",
            Choices = [new() { Index = 0, Message = new() { Content = "Hello! How can I assist you today?" }, FinishReason = FinishReasons.Stop }],
            Usage = Usage.Of(19, 10),
        };
        JsonAssert.Equivalent("""
            {
              "id": "chatcmpl-B9MBs8CjcvOU2jLn4n570S5qMJKcT",
              "object": "chat.completion",
              "created": 1741569952,
              "model": "gpt-4.1-2025-04-14",
              "system_fingerprint": "fp_44709d6fcb",
              "choices": [
                {
                  "index": 0,
                  "message": { "role": "assistant", "content": "Hello! How can I assist you today?", "refusal": null },
                  "logprobs": null,
                  "finish_reason": "stop"
                }
              ],
              "usage": { "prompt_tokens": 19, "completion_tokens": 10, "total_tokens": 29 }
            }
            """, OpenAIJson.Serialize(completion));
    }

    [Fact]
    public void Usage_details_are_written_when_set()
    {
        var usage = Usage.Of(5, 2);
        usage.PromptTokensDetails = new() { CachedTokens = 3 };
        usage.CompletionTokensDetails = new() { ReasoningTokens = 0 };
        JsonAssert.Equivalent("""
            {"prompt_tokens":5,"completion_tokens":2,"total_tokens":7,
             "prompt_tokens_details":{"cached_tokens":3},"completion_tokens_details":{"reasoning_tokens":0}}
            """, System.Text.Json.Nodes.JsonNode.Parse(OpenAIJson.Serialize(new ChatCompletion { Usage = usage }))!["usage"]!.ToJsonString());
    }

    private static ChatCompletionChunk Chunk(ChatCompletionDelta delta, string? finish, bool includeUsage = false) => new()
    {
        Id = "chatcmpl-123",
        Created = 1694268190,
        Model = "gpt-4o-mini",
        SystemFingerprint = "fp_44709d6fcb",
        Choices = [new() { Index = 0, Delta = delta, FinishReason = finish }],
        IncludeUsage = includeUsage,
    };

    [Fact]
    public void Chat_chunks_without_include_usage_have_no_usage_field()
    {
        JsonAssert.Equivalent("""
            {"id":"chatcmpl-123","object":"chat.completion.chunk","created":1694268190,"model":"gpt-4o-mini","system_fingerprint":"fp_44709d6fcb","choices":[{"index":0,"delta":{"role":"assistant","content":""},"logprobs":null,"finish_reason":null}]}
            """, OpenAIJson.Serialize(Chunk(new() { Role = "assistant", Content = "" }, null)));
        JsonAssert.Equivalent("""
            {"id":"chatcmpl-123","object":"chat.completion.chunk","created":1694268190,"model":"gpt-4o-mini","system_fingerprint":"fp_44709d6fcb","choices":[{"index":0,"delta":{"content":"Hello"},"logprobs":null,"finish_reason":null}]}
            """, OpenAIJson.Serialize(Chunk(new() { Content = "Hello" }, null)));
        JsonAssert.Equivalent("""
            {"id":"chatcmpl-123","object":"chat.completion.chunk","created":1694268190,"model":"gpt-4o-mini","system_fingerprint":"fp_44709d6fcb","choices":[{"index":0,"delta":{},"logprobs":null,"finish_reason":"stop"}]}
            """, OpenAIJson.Serialize(Chunk(new(), "stop")));
    }

    [Fact]
    public void Chat_chunks_with_include_usage_carry_null_usage_then_a_usage_chunk()
    {
        JsonAssert.Equivalent("""
            {"id":"chatcmpl-123","object":"chat.completion.chunk","created":1694268190,"model":"gpt-4o-mini","system_fingerprint":"fp_44709d6fcb","choices":[{"index":0,"delta":{"content":"Hi"},"logprobs":null,"finish_reason":null}],"usage":null}
            """, OpenAIJson.Serialize(Chunk(new() { Content = "Hi" }, null, includeUsage: true)));

        var last = Chunk(new(), null, includeUsage: true);
        last.Choices = [];
        last.Usage = Usage.Of(9, 12);
        JsonAssert.Equivalent("""
            {"id":"chatcmpl-123","object":"chat.completion.chunk","created":1694268190,"model":"gpt-4o-mini","system_fingerprint":"fp_44709d6fcb","choices":[],"usage":{"prompt_tokens":9,"completion_tokens":12,"total_tokens":21}}
            """, OpenAIJson.Serialize(last));
    }

    [Fact]
    public void Sse_event_framing_and_done()
    {
        var bytes = OpenAIJson.ToSseEvent(Chunk(new() { Content = "é 😀 <b>" }, null));
        var text = Encoding.UTF8.GetString(bytes);
        Assert.StartsWith("data: {", text);
        Assert.EndsWith("}\n\n", text);
        Assert.Single(text.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        JsonAssert.Equivalent(OpenAIJson.Serialize(Chunk(new() { Content = "é 😀 <b>" }, null)), text["data: ".Length..].Trim());
        Assert.Contains("é", text); // UTF-8 text as is, not \u-escaped
        Assert.Equal("data: [DONE]\n\n", Encoding.UTF8.GetString(OpenAIJson.SseDone));
        Assert.Equal(": keep-alive\n\n", Encoding.UTF8.GetString(OpenAIJson.SseKeepAlive));
    }

    [Fact]
    public void Newlines_in_content_stay_escaped_inside_one_sse_line()
    {
        var text = Encoding.UTF8.GetString(OpenAIJson.ToSseEvent(Chunk(new() { Content = "a\nb\r\n\nc" }, null)));
        Assert.Equal(2, text.Count(c => c == '\n'));
        Assert.Contains("a\\nb\\r\\n\\nc", text);
    }

    [Fact]
    public void Legacy_completion()
    {
        var completion = new Completion
        {
            Id = "cmpl-uqkvlQyYK7bGYrRHQ0eXlWi7",
            Created = 1589478378,
            Model = "gpt-3.5-turbo-instruct",
            SystemFingerprint = "fp_44709d6fcb",
            Choices = [new() { Text = "\n\nThis is indeed a test", Index = 0, FinishReason = "length" }],
            Usage = Usage.Of(5, 7),
        };
        JsonAssert.Equivalent("""
            {
              "id": "cmpl-uqkvlQyYK7bGYrRHQ0eXlWi7",
              "object": "text_completion",
              "created": 1589478378,
              "model": "gpt-3.5-turbo-instruct",
              "system_fingerprint": "fp_44709d6fcb",
              "choices": [{ "text": "\n\nThis is indeed a test", "index": 0, "logprobs": null, "finish_reason": "length" }],
              "usage": { "prompt_tokens": 5, "completion_tokens": 7, "total_tokens": 12 }
            }
            """, OpenAIJson.Serialize(completion));
    }

    [Fact]
    public void Legacy_completion_stream_events()
    {
        var evt = new Completion
        {
            Id = "cmpl-x", Created = 1, Model = "m",
            Choices = [new() { Text = "Hel", Index = 0 }],
        };
        JsonAssert.Equivalent("""
            {"id":"cmpl-x","object":"text_completion","created":1,"model":"m","system_fingerprint":null,
             "choices":[{"text":"Hel","index":0,"logprobs":null,"finish_reason":null}]}
            """, OpenAIJson.Serialize(evt));
        evt.IncludeUsage = true;
        Assert.Contains("\"usage\":null", OpenAIJson.Serialize(evt));
    }

    [Fact]
    public void Models()
    {
        var list = new ModelList { Data = [new Model { Id = "model-id-0", Created = 1686935002, OwnedBy = "organization-owner" }] };
        JsonAssert.Equivalent("""
            {"object":"list","data":[{"id":"model-id-0","object":"model","created":1686935002,"owned_by":"organization-owner"}]}
            """, OpenAIJson.Serialize(list));
        JsonAssert.Equivalent("""
            {"id":"model-id-0","object":"model","created":1686935002,"owned_by":"organization-owner"}
            """, OpenAIJson.Serialize(list.Data[0]));
    }

    [Fact]
    public void Error_envelope_writes_all_four_fields()
    {
        JsonAssert.Equivalent("""
            {"error":{"message":"Invalid URL (GET /v1/nope)","type":"invalid_request_error","param":null,"code":null}}
            """, OpenAIJson.Serialize(ApiError.RouteNotFound("GET", "/v1/nope").ToResponse()));
    }

    [Fact]
    public void Full_OpenAI_responses_read_into_our_types()
    {
        var completion = OpenAIJson.Deserialize<ChatCompletion>("""
            {"id":"chatcmpl-B9","object":"chat.completion","created":1741569952,"model":"gpt-4.1",
             "choices":[{"index":0,"message":{"role":"assistant","content":"Hi","refusal":null,"annotations":[]},"logprobs":null,"finish_reason":"stop"}],
             "usage":{"prompt_tokens":19,"completion_tokens":10,"total_tokens":29,"prompt_tokens_details":{"cached_tokens":0,"audio_tokens":0},
                      "completion_tokens_details":{"reasoning_tokens":0,"audio_tokens":0,"accepted_prediction_tokens":0,"rejected_prediction_tokens":0}},
             "service_tier":"default"}
            """)!;
        Assert.Equal("Hi", completion.Choices[0].Message.Content);
        Assert.Equal(29, completion.Usage!.TotalTokens);
        Assert.Equal(0, completion.Usage.PromptTokensDetails!.CachedTokens);

        var chunk = OpenAIJson.Deserialize<ChatCompletionChunk>("""
            {"id":"c","object":"chat.completion.chunk","created":1,"model":"m","system_fingerprint":null,"choices":[],"usage":{"prompt_tokens":1,"completion_tokens":2,"total_tokens":3},"obfuscation":"xyz"}
            """)!;
        Assert.Empty(chunk.Choices);
        Assert.Equal(3, chunk.Usage!.TotalTokens);
    }

    [Fact]
    public void Ids_have_OpenAIs_shape()
    {
        Assert.Matches("^chatcmpl-[A-Za-z0-9]{29}$", OpenAIIds.NewChatCompletionId());
        Assert.Matches("^cmpl-[A-Za-z0-9]{29}$", OpenAIIds.NewCompletionId());
        Assert.NotEqual(OpenAIIds.NewChatCompletionId(), OpenAIIds.NewChatCompletionId());
    }
}
