using Synapse.OpenAI.Chat;
using Synapse.OpenAI.Completions;
using Synapse.OpenAI.Errors;
using Synapse.OpenAI.Serialization;

namespace Synapse.OpenAI.Tests.Serialization;

public class ParseErrorTests
{
    private static ApiError Fail<T>(string json) where T : class
    {
        var result = OpenAIJson.Parse<T>(json);
        Assert.False(result.IsSuccess);
        Assert.Equal(400, result.Error.StatusCode);
        Assert.Equal("invalid_request_error", result.Error.Type);
        return result.Error;
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("{")]
    [InlineData("{\"model\": \"m\",}")]
    [InlineData("{\"model\": 'm'}")]
    [InlineData("{\"model\": \"m\"} trailing")]
    [InlineData("not json")]
    [InlineData("{\"model\": \"m\" /* comment */}")]
    public void Malformed_body_answers_OpenAIs_parse_error(string body)
    {
        var e = Fail<ChatCompletionRequest>(body);
        Assert.StartsWith("We could not parse the JSON body of your request.", e.Message);
        Assert.Null(e.Param);
        Assert.Null(e.Code);
    }

    [Fact]
    public void Invalid_utf8_is_malformed()
    {
        byte[] body = [.. "{\"model\":\""u8, 0xC3, 0x28, .. "\",\"messages\":[]}"u8];
        var result = OpenAIJson.Parse<ChatCompletionRequest>(body);
        Assert.False(result.IsSuccess);
        Assert.StartsWith("We could not parse", result.Error.Message);
    }

    [Theory]
    [InlineData("[]", "an array")]
    [InlineData("\"text\"", "a string")]
    [InlineData("42", "an integer")]
    [InlineData("null", "null")]
    public void Body_that_is_not_an_object(string body, string got)
    {
        var e = Fail<ChatCompletionRequest>(body);
        Assert.Equal($"Invalid type for request body: expected an object, but got {got} instead.", e.Message);
        Assert.Equal("invalid_type", e.Code);
    }

    [Theory]
    [InlineData("""{"temperature":"hot"}""", "temperature", "a number", "a string")]
    [InlineData("""{"temperature":true}""", "temperature", "a number", "a boolean")]
    [InlineData("""{"n":1.5}""", "n", "an integer", "a decimal")]
    [InlineData("""{"max_tokens":"10"}""", "max_tokens", "an integer", "a string")]
    [InlineData("""{"stream":"yes"}""", "stream", "a boolean", "a string")]
    [InlineData("""{"model":7}""", "model", "a string", "an integer")]
    [InlineData("""{"messages":"hi"}""", "messages", "an array", "a string")]
    [InlineData("""{"messages":{"role":"user"}}""", "messages", "an array", "an object")]
    [InlineData("""{"messages":["hi"]}""", "messages[0]", "an object", "a string")]
    [InlineData("""{"messages":[{"role":"user","content":"x"},{"role":5}]}""", "messages[1].role", "a string", "an integer")]
    [InlineData("""{"messages":[{"role":"user","content":12}]}""", "messages[0].content", "one of a string or array of objects", "an integer")]
    [InlineData("""{"messages":[{"role":"user","content":{"type":"text"}}]}""", "messages[0].content", "one of a string or array of objects", "an object")]
    [InlineData("""{"messages":[{"role":"user","content":["x"]}]}""", "messages[0].content[0]", "an object", "a string")]
    [InlineData("""{"messages":[{"role":"user","content":[{"type":"text","text":"a"},{"type":"text","text":5}]}]}""", "messages[0].content[1].text", "a string", "an integer")]
    [InlineData("""{"stop":5}""", "stop", "a string or an array of strings", "an integer")]
    [InlineData("""{"stop":["a",3]}""", "stop[1]", "a string", "an integer")]
    [InlineData("""{"stream_options":true}""", "stream_options", "an object", "a boolean")]
    [InlineData("""{"stream_options":{"include_usage":"yes"}}""", "stream_options.include_usage", "a boolean", "a string")]
    [InlineData("""{"seed":"abc"}""", "seed", "an integer", "a string")]
    [InlineData("""{"logit_bias":[1]}""", "logit_bias", "an object", "an array")]
    [InlineData("""{"logit_bias":{"1":"x"}}""", "logit_bias.1", "a number", "a string")]
    [InlineData("""{"chat_template_kwargs":"x"}""", "chat_template_kwargs", "an object", "a string")]
    [InlineData("""{"tools":{}}""", "tools", "an array", "an object")]
    [InlineData("""{"top_k":0.5}""", "top_k", "an integer", "a decimal")]
    public void Wrong_type_names_the_field(string body, string param, string expected, string got)
    {
        var e = Fail<ChatCompletionRequest>(body);
        Assert.Equal(param, e.Param);
        Assert.Equal("invalid_type", e.Code);
        Assert.Equal($"Invalid type for '{param}': expected {expected}, but got {got} instead.", e.Message);
    }

    [Fact]
    public void Integer_too_large_for_its_field()
    {
        var e = Fail<ChatCompletionRequest>("""{"max_tokens":99999999999999}""");
        Assert.Equal("max_tokens", e.Param);
        Assert.Equal("invalid_value", e.Code);
    }

    [Theory]
    [InlineData("""{"prompt":5}""", "prompt", "one of a string, array of strings, array of integers, or array of arrays of integers", "an integer")]
    [InlineData("""{"prompt":{"a":1}}""", "prompt", "one of a string, array of strings, array of integers, or array of arrays of integers", "an object")]
    [InlineData("""{"prompt":["a",1]}""", "prompt[1]", "a string", "an integer")]
    [InlineData("""{"prompt":[1,"a"]}""", "prompt[1]", "an integer", "a string")]
    [InlineData("""{"prompt":[1,2.5]}""", "prompt[1]", "an integer", "a decimal")]
    [InlineData("""{"prompt":[[1],2]}""", "prompt[1]", "an array of integers", "an integer")]
    [InlineData("""{"prompt":[[1],[2,"x"]]}""", "prompt[1][1]", "an integer", "a string")]
    [InlineData("""{"prompt":[true]}""", "prompt", "one of a string, array of strings, array of integers, or array of arrays of integers", "an array of booleans")]
    [InlineData("""{"echo":1}""", "echo", "a boolean", "an integer")]
    [InlineData("""{"logprobs":true}""", "logprobs", "an integer", "a boolean")]
    public void Completion_wrong_types(string body, string param, string expected, string got)
    {
        var e = Fail<CompletionRequest>(body);
        Assert.Equal(param, e.Param);
        Assert.Equal($"Invalid type for '{param}': expected {expected}, but got {got} instead.", e.Message);
    }
}
