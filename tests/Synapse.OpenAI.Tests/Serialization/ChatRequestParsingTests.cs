using System.Text.Json;
using Synapse.OpenAI.Chat;
using Synapse.OpenAI.Serialization;
using Synapse.OpenAI.Tests.Infrastructure;

namespace Synapse.OpenAI.Tests.Serialization;

public class ChatRequestParsingTests
{
    private static ChatCompletionRequest Parse(string json)
    {
        var result = OpenAIJson.Parse<ChatCompletionRequest>(json);
        Assert.True(result.IsSuccess, result.Error?.Message);
        return result.Value;
    }

    [Fact]
    public void Reads_every_known_field()
    {
        var r = Parse("""
            {
              "model": "m", "messages": [{"role": "user", "content": "Hi", "name": "bob"}],
              "temperature": 0.7, "top_p": 0.9, "n": 2, "stream": true, "stream_options": {"include_usage": true},
              "stop": ["a", "b"], "max_tokens": 10, "max_completion_tokens": 12, "presence_penalty": 0.5,
              "frequency_penalty": -0.5, "seed": 12345678901, "logit_bias": {"50256": -100}, "logprobs": true,
              "top_logprobs": 3, "user": "u1", "response_format": {"type": "json_object"},
              "tools": [{"type": "function", "function": {"name": "f", "description": "d", "parameters": {"type": "object"}}}],
              "tool_choice": "auto", "parallel_tool_calls": false,
              "top_k": 40, "min_p": 0.05, "repetition_penalty": 1.1, "ignore_eos": true,
              "chat_template_kwargs": {"enable_thinking": false}
            }
            """);
        Assert.Equal("m", r.Model);
        Assert.Equal("user", r.Messages![0].Role);
        Assert.Equal("Hi", r.Messages[0].Content!.Text);
        Assert.Equal("bob", r.Messages[0].Name);
        Assert.Equal(0.7, r.Temperature);
        Assert.Equal(0.9, r.TopP);
        Assert.Equal(2, r.N);
        Assert.True(r.IsStreaming);
        Assert.True(r.IncludeUsage);
        Assert.Equal(["a", "b"], r.Stop);
        Assert.Equal(10, r.MaxTokens);
        Assert.Equal(12, r.EffectiveMaxTokens);
        Assert.Equal(0.5, r.PresencePenalty);
        Assert.Equal(-0.5, r.FrequencyPenalty);
        Assert.Equal(12345678901L, r.Seed);
        Assert.Equal(-100, r.LogitBias!["50256"]);
        Assert.True(r.Logprobs);
        Assert.Equal(3, r.TopLogprobs);
        Assert.Equal("u1", r.User);
        Assert.Equal("json_object", r.ResponseFormat!.Type);
        Assert.Equal("f", r.Tools![0].Function!.Name);
        Assert.Equal(JsonValueKind.Object, r.Tools[0].Function!.Parameters!.Value.ValueKind);
        Assert.Equal("auto", r.ToolChoice!.Value.GetString());
        Assert.False(r.ParallelToolCalls);
        Assert.Equal(40, r.TopK);
        Assert.Equal(0.05, r.MinP);
        Assert.Equal(1.1, r.RepetitionPenalty);
        Assert.True(r.IgnoreEos);
        Assert.False(r.ChatTemplateKwargs!["enable_thinking"].GetBoolean());
    }

    [Fact]
    public void Content_as_string()
    {
        var r = Parse("""{"model":"m","messages":[{"role":"user","content":"Hello"}]}""");
        var content = r.Messages![0].Content!;
        Assert.True(content.IsString);
        Assert.Equal("Hello", content.GetText());
    }

    [Fact]
    public void Content_as_parts_keeps_each_part_and_joins_text()
    {
        var r = Parse("""
            {"model":"m","messages":[{"role":"user","content":[{"type":"text","text":"one"},{"type":"text","text":"two"}]}]}
            """);
        var content = r.Messages![0].Content!;
        Assert.False(content.IsString);
        Assert.Equal(2, content.Parts!.Count);
        Assert.Equal("one", content.Parts[0].Text);
        Assert.Equal("one\ntwo", content.GetText());
    }

    [Fact]
    public void Image_part_is_read_with_its_fields_kept()
    {
        var r = Parse("""
            {"model":"m","messages":[{"role":"user","content":[{"type":"image_url","image_url":{"url":"http://x/y.png"}}]}]}
            """);
        var part = r.Messages![0].Content!.Parts![0];
        Assert.Equal("image_url", part.Type);
        Assert.Equal("http://x/y.png", part.Other!["image_url"].GetProperty("url").GetString());
    }

    [Fact]
    public void Stop_as_string_becomes_a_list_of_one()
    {
        var r = Parse("""{"model":"m","messages":[{"role":"user","content":"x"}],"stop":"\n\n"}""");
        Assert.Equal(["\n\n"], r.Stop);
    }

    [Fact]
    public void Nulls_are_treated_as_absent()
    {
        var r = Parse("""
            {"model":"m","messages":[{"role":"user","content":"x"}],"stop":null,"temperature":null,"seed":null,
             "tools":null,"tool_choice":null,"stream_options":null,"response_format":null}
            """);
        Assert.Null(r.Stop);
        Assert.Null(r.Temperature);
        Assert.Null(r.Seed);
        Assert.Null(r.ToolChoice);
        Assert.Null(r.StreamOptions);
    }

    [Fact]
    public void Unknown_fields_are_ignored_at_every_level()
    {
        var r = Parse("""
            {"model":"m","store":false,"metadata":{"a":"b"},"reasoning_effort":"low","service_tier":"auto",
             "messages":[{"role":"user","content":"x","extra":[1,2,{"deep":true}]}],
             "stream_options":{"include_usage":true,"include_obfuscation":false},"stream":true}
            """);
        Assert.Equal("x", r.Messages![0].Content!.GetText());
        Assert.True(r.IncludeUsage);
    }

    [Fact]
    public void Tool_history_is_preserved()
    {
        var r = Parse("""
            {"model":"m","messages":[
              {"role":"user","content":"weather?"},
              {"role":"assistant","content":null,"tool_calls":[{"id":"call_1","type":"function","function":{"name":"w","arguments":"{\"c\":\"Oslo\"}"}}]},
              {"role":"tool","tool_call_id":"call_1","content":"sunny"}]}
            """);
        var call = r.Messages![1].ToolCalls![0];
        Assert.Equal("call_1", call.Id);
        Assert.Equal("w", call.Function!.Name);
        Assert.Equal("{\"c\":\"Oslo\"}", call.Function.Arguments);
        Assert.Null(r.Messages[1].Content);
        Assert.Equal("call_1", r.Messages[2].ToolCallId);
    }

    [Fact]
    public void Developer_and_function_roles_are_read()
    {
        var r = Parse("""
            {"model":"m","messages":[{"role":"developer","content":"d"},{"role":"function","name":"f","content":"r"}]}
            """);
        Assert.Equal("developer", r.Messages![0].Role);
        Assert.Equal("function", r.Messages[1].Role);
    }

    [Fact]
    public void Serialized_request_reads_back_in_the_same_shape()
    {
        var json = """
            {"model":"m","messages":[{"role":"user","content":[{"type":"text","text":"a"}]},{"role":"system","content":"s"}],
             "stop":["x"],"seed":7,"tool_choice":{"type":"function","function":{"name":"f"}}}
            """;
        JsonAssert.Equivalent(json, OpenAIJson.Serialize(Parse(json)));
    }

    [Fact]
    public void Utf8_byte_order_mark_is_accepted()
    {
        byte[] body = [0xEF, 0xBB, 0xBF, .. """{"model":"m","messages":[{"role":"user","content":"x"}]}"""u8];
        var result = OpenAIJson.Parse<ChatCompletionRequest>(body);
        Assert.True(result.IsSuccess, result.Error?.Message);
        Assert.Equal("m", result.Value.Model);
    }
}
