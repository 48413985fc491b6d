using Synapse.OpenAI.Chat;
using Synapse.OpenAI.Serialization;
using Synapse.OpenAI.Validation;

namespace Synapse.OpenAI.Tests.Validation;

/// <summary>chat_template_kwargs become template variables: identifiers only, not the ones the server sets.</summary>
public sealed class ChatTemplateKwargsValidationTests
{
    private static Synapse.OpenAI.Errors.ApiError? Validate(string kwargs)
    {
        var parsed = OpenAIJson.Parse<ChatCompletionRequest>($$"""{"model":"m","messages":[{"role":"user","content":"hi"}],"chat_template_kwargs":{{kwargs}}}""");
        Assert.True(parsed.IsSuccess, parsed.Error?.Message);
        return new RequestValidator().Validate(parsed.Value);
    }

    [Theory]
    [InlineData("""{}""")]
    [InlineData("""{"enable_thinking": false}""")]
    [InlineData("""{"_private": 1, "date_string": "26 Jul 2024", "builtin_tools": ["code_interpreter"]}""")]
    public void Valid_kwargs_pass(string kwargs) => Assert.Null(Validate(kwargs));

    [Theory]
    [InlineData("""{"1abc": true}""", "'1abc' is not a valid template variable name")]
    [InlineData("""{"with-dash": true}""", "'with-dash' is not a valid template variable name")]
    [InlineData("""{"": true}""", "'' is not a valid template variable name")]
    [InlineData("""{"messages": []}""", "'messages' is set by the server")]
    [InlineData("""{"add_generation_prompt": false}""", "'add_generation_prompt' is set by the server")]
    [InlineData("""{"raise_exception": 1}""", "'raise_exception' is set by the server")]
    public void Invalid_kwargs_are_refused_with_400(string kwargs, string fragment)
    {
        var error = Validate(kwargs);
        Assert.NotNull(error);
        Assert.Equal(400, error.StatusCode);
        Assert.Equal("invalid_request_error", error.Type);
        Assert.Equal("chat_template_kwargs", error.Param);
        Assert.Contains(fragment, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Too_many_kwargs_are_refused()
    {
        var many = "{" + string.Join(",", Enumerable.Range(0, 65).Select(i => $"\"k{i}\": {i}")) + "}";
        Assert.Equal("chat_template_kwargs", Validate(many)!.Param);
    }

    [Theory]
    [InlineData("""{"x": "\ud800"}""")]
    [InlineData("""{"x": "a\udc00b"}""")]
    [InlineData("""{"x": ["ok", {"y": "\ud83d"}]}""")]
    [InlineData("""{"x": {"\udfff": 1}}""")]
    public void Kwargs_holding_a_lone_surrogate_are_refused_with_400(string kwargs)
    {
        var error = Validate(kwargs);
        Assert.NotNull(error);
        Assert.Equal(400, error.StatusCode);
        Assert.Equal("chat_template_kwargs", error.Param);
        Assert.Contains("not valid Unicode", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Kwargs_with_escaped_surrogate_pairs_pass() =>
        Assert.Null(Validate("""{"x": "\ud83d\ude00", "y": {"\u00e9": ["\ud83d\ude00"]}}"""));
}
