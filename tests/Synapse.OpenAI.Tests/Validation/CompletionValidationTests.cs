using Synapse.OpenAI.Completions;
using Synapse.OpenAI.Errors;
using Synapse.OpenAI.Serialization;
using Synapse.OpenAI.Validation;

namespace Synapse.OpenAI.Tests.Validation;

public class CompletionValidationTests
{
    private static ApiError? Validate(string json, RequestLimits? limits = null)
    {
        var parsed = OpenAIJson.Parse<CompletionRequest>(json);
        Assert.True(parsed.IsSuccess, parsed.Error?.Message);
        return new RequestValidator(limits ?? new RequestLimits()).Validate(parsed.Value);
    }

    [Theory]
    [InlineData("""{"model":"m","prompt":"x"}""")]
    [InlineData("""{"model":"m","prompt":""}""")]
    [InlineData("""{"model":"m","prompt":["a","b"],"n":2,"best_of":2}""")]
    [InlineData("""{"model":"m","prompt":[1,2,3],"stream":true,"stream_options":{"include_usage":true}}""")]
    [InlineData("""{"model":"m","prompt":[[1],[2,3]],"stop":["x"],"max_tokens":1,"temperature":0}""")]
    [InlineData("""{"model":"m","prompt":"x","echo":true,"max_tokens":0}""")]
    [InlineData("""{"model":"m","prompt":"x","suffix":""}""")]
    public void Valid_requests_pass(string json) => Assert.Null(Validate(json));

    [Theory]
    [InlineData("""{"model":"m"}""", "prompt", "missing_required_parameter")]
    [InlineData("""{"prompt":"x"}""", "model", "missing_required_parameter")]
    [InlineData("""{"model":"m","prompt":[]}""", "prompt", "empty_array")]
    [InlineData("""{"model":"m","prompt":[[1],[]]}""", "prompt[1]", "empty_array")]
    [InlineData("""{"model":"m","prompt":[1,-2]}""", "prompt[1]", "integer_below_min_value")]
    [InlineData("""{"model":"m","prompt":[[1],[2,-1]]}""", "prompt[1][1]", "integer_below_min_value")]
    [InlineData("""{"model":"m","prompt":"x","max_tokens":0}""", "max_tokens", "integer_below_min_value")]
    [InlineData("""{"model":"m","prompt":"x","temperature":3}""", "temperature", "decimal_above_max_value")]
    [InlineData("""{"model":"m","prompt":"x","top_p":2}""", "top_p", "decimal_above_max_value")]
    [InlineData("""{"model":"m","prompt":"x","n":0}""", "n", "integer_below_min_value")]
    [InlineData("""{"model":"m","prompt":"x","stop":["1","2","3","4","5"]}""", "stop", "array_above_max_length")]
    [InlineData("""{"model":"m","prompt":"x","suffix":"end"}""", "suffix", "unsupported_parameter")]
    [InlineData("""{"model":"m","prompt":"x","logprobs":1}""", "logprobs", "unsupported_parameter")]
    [InlineData("""{"model":"m","prompt":"x","logprobs":6}""", "logprobs", "integer_above_max_value")]
    [InlineData("""{"model":"m","prompt":"x","n":2,"best_of":1}""", "best_of", "invalid_value")]
    [InlineData("""{"model":"m","prompt":"x","best_of":3}""", "best_of", "unsupported_parameter")]
    [InlineData("""{"model":"m","prompt":"x","stream_options":{"include_usage":true}}""", "stream_options", "invalid_value")]
    [InlineData("""{"model":"m","prompt":"x","repetition_penalty":-1}""", "repetition_penalty", "decimal_below_min_value")]
    [InlineData("""{"model":"m","prompt":"x","repetition_penalty":1e308}""", "repetition_penalty", "decimal_above_max_value")]
    public void Invalid_requests(string json, string param, string code)
    {
        var e = Validate(json);
        Assert.NotNull(e);
        Assert.Equal(400, e.StatusCode);
        Assert.Equal(param, e.Param);
        Assert.Equal(code, e.Code);
    }

    [Fact]
    public void Too_many_prompts()
    {
        var prompts = string.Join(",", Enumerable.Range(0, 65).Select(i => $"\"p{i}\""));
        var e = Validate($$"""{"model":"m","prompt":[{{prompts}}]}""");
        Assert.Equal("array_above_max_length", e?.Code);
    }
}
