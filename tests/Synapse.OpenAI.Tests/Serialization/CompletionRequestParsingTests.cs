using Synapse.OpenAI.Completions;
using Synapse.OpenAI.Serialization;
using Synapse.OpenAI.Tests.Infrastructure;

namespace Synapse.OpenAI.Tests.Serialization;

public class CompletionRequestParsingTests
{
    private static CompletionRequest Parse(string json)
    {
        var result = OpenAIJson.Parse<CompletionRequest>(json);
        Assert.True(result.IsSuccess, result.Error?.Message);
        return result.Value;
    }

    [Fact]
    public void Prompt_as_string()
    {
        var p = Parse("""{"model":"m","prompt":"Once upon"}""").Prompt!;
        Assert.Equal(PromptKind.String, p.Kind);
        Assert.Equal(["Once upon"], p.Texts);
        Assert.False(p.IsTokens);
        Assert.Equal(1, p.Count);
    }

    [Fact]
    public void Prompt_as_list_of_strings()
    {
        var p = Parse("""{"model":"m","prompt":["a","b","c"]}""").Prompt!;
        Assert.Equal(PromptKind.StringList, p.Kind);
        Assert.Equal(["a", "b", "c"], p.Texts);
        Assert.Equal(3, p.Count);
    }

    [Fact]
    public void Prompt_as_token_ids()
    {
        var p = Parse("""{"model":"m","prompt":[1, 15043, 29892]}""").Prompt!;
        Assert.Equal(PromptKind.TokenList, p.Kind);
        Assert.True(p.IsTokens);
        Assert.Equal(1, p.Count);
        Assert.Equal([1, 15043, 29892], p.TokenLists[0]);
        Assert.Empty(p.Texts);
    }

    [Fact]
    public void Prompt_as_lists_of_token_ids()
    {
        var p = Parse("""{"model":"m","prompt":[[1,2],[3],[]]}""").Prompt!;
        Assert.Equal(PromptKind.TokenListList, p.Kind);
        Assert.Equal(3, p.Count);
        Assert.Equal([1, 2], p.TokenLists[0]);
        Assert.Equal([3], p.TokenLists[1]);
        Assert.Empty(p.TokenLists[2]);
    }

    [Fact]
    public void Empty_prompt_array_parses_and_is_left_to_validation()
    {
        var p = Parse("""{"model":"m","prompt":[]}""").Prompt!;
        Assert.Equal(0, p.Count);
    }

    [Theory]
    [InlineData("""{"model":"m","prompt":"x"}""")]
    [InlineData("""{"model":"m","prompt":["x","y"]}""")]
    [InlineData("""{"model":"m","prompt":[1,2]}""")]
    [InlineData("""{"model":"m","prompt":[[1,2],[3]]}""")]
    public void Prompt_is_written_back_in_the_form_it_came(string json) =>
        JsonAssert.Equivalent(json, OpenAIJson.Serialize(Parse(json)));

    [Fact]
    public void Reads_every_known_field_and_ignores_unknown_ones()
    {
        var r = Parse("""
            {"model":"m","prompt":"p","suffix":"s","max_tokens":5,"temperature":0,"top_p":0.5,"n":2,"stream":true,
             "stream_options":{"include_usage":true},"stop":"\n","presence_penalty":1,"frequency_penalty":1,"seed":3,
             "echo":true,"best_of":2,"logprobs":2,"logit_bias":{"1":5},"user":"u","top_k":5,"min_p":0.1,
             "repetition_penalty":1.2,"ignore_eos":true,"min_tokens":3,"unknown":{"x":[1]}}
            """);
        Assert.Equal("s", r.Suffix);
        Assert.Equal(5, r.EffectiveMaxTokens);
        Assert.Equal(0, r.Temperature);
        Assert.Equal(0.5, r.TopP);
        Assert.Equal(2, r.N);
        Assert.True(r.IncludeUsage);
        Assert.Equal(["\n"], r.Stop);
        Assert.Equal(3, r.Seed);
        Assert.True(r.Echo);
        Assert.Equal(2, r.BestOf);
        Assert.Equal(2, r.Logprobs);
        Assert.Equal("u", r.User);
        Assert.Equal(5, r.TopK);
        Assert.Equal(0.1, r.MinP);
        Assert.Equal(1.2, r.RepetitionPenalty);
        Assert.True(r.IgnoreEos);
    }

    [Fact]
    public void Max_tokens_defaults_to_16_as_OpenAI()
    {
        Assert.Equal(16, Parse("""{"model":"m","prompt":"p"}""").EffectiveMaxTokens);
    }
}
