using Synapse.OpenAI.Chat;
using Synapse.OpenAI.Errors;
using Synapse.OpenAI.Serialization;
using Synapse.OpenAI.Validation;

namespace Synapse.OpenAI.Tests.Validation;

public class ChatValidationTests
{
    private static ApiError? Validate(string json, RequestLimits? limits = null)
    {
        var parsed = OpenAIJson.Parse<ChatCompletionRequest>(json);
        Assert.True(parsed.IsSuccess, parsed.Error?.Message);
        return new RequestValidator(limits ?? new RequestLimits()).Validate(parsed.Value);
    }

    private static ApiError Invalid(string json, RequestLimits? limits = null)
    {
        var error = Validate(json, limits);
        Assert.NotNull(error);
        Assert.Equal(400, error.StatusCode);
        Assert.Equal("invalid_request_error", error.Type);
        return error;
    }

    private const string User = """{"role":"user","content":"hi"}""";

    private static string With(string fields) => $$"""{"model":"m","messages":[{{User}}]{{(fields.Length > 0 ? "," + fields : "")}}}""";

    [Theory]
    [InlineData("")]
    [InlineData("\"temperature\":0")]
    [InlineData("\"temperature\":2")]
    [InlineData("\"top_p\":0,\"n\":16,\"max_tokens\":1,\"presence_penalty\":-2,\"frequency_penalty\":2")]
    [InlineData("\"stop\":[\"a\",\"b\",\"c\",\"d\"]")]
    [InlineData("\"stream\":true,\"stream_options\":{\"include_usage\":true}")]
    [InlineData("\"logprobs\":false")]
    [InlineData("\"response_format\":{\"type\":\"text\"}")]
    [InlineData("\"tools\":[],\"tool_choice\":\"none\"")]
    [InlineData("\"tool_choice\":\"auto\"")]
    [InlineData("\"functions\":[],\"function_call\":\"none\"")]
    [InlineData("\"top_k\":-1,\"min_p\":0,\"repetition_penalty\":1.0,\"seed\":-5")]
    [InlineData("\"logit_bias\":{}")]
    public void Valid_requests_pass(string fields) => Assert.Null(Validate(With(fields)));

    [Fact]
    public void Every_role_with_its_needs_passes()
    {
        Assert.Null(Validate("""
            {"model":"m","messages":[
              {"role":"system","content":"s"},{"role":"developer","content":[{"type":"text","text":"d"}]},
              {"role":"user","content":"u"},
              {"role":"assistant","content":null,"tool_calls":[{"id":"c1","type":"function","function":{"name":"f","arguments":"{}"}}]},
              {"role":"tool","tool_call_id":"c1","content":"r"},
              {"role":"function","name":"f","content":"r"},
              {"role":"assistant","content":[{"type":"text","text":"a"},{"type":"refusal","refusal":"no"}]}]}
            """));
    }

    [Fact]
    public void Missing_messages()
    {
        var e = Invalid("""{"model":"m"}""");
        Assert.Equal("Missing required parameter: 'messages'.", e.Message);
        Assert.Equal("messages", e.Param);
        Assert.Equal("missing_required_parameter", e.Code);
    }

    [Fact]
    public void Null_messages_is_missing() => Assert.Equal("messages", Invalid("""{"model":"m","messages":null}""").Param);

    [Fact]
    public void Missing_model()
    {
        var e = Invalid("""{"messages":[{"role":"user","content":"x"}]}""");
        Assert.Equal("Missing required parameter: 'model'.", e.Message);
        Assert.Equal("model", e.Param);
    }

    [Fact]
    public void Model_can_be_optional_by_configuration() =>
        Assert.Null(Validate("""{"messages":[{"role":"user","content":"x"}]}""", new RequestLimits { RequireModel = false }));

    [Fact]
    public void Empty_messages()
    {
        var e = Invalid("""{"model":"m","messages":[]}""");
        Assert.Equal("messages", e.Param);
        Assert.Equal("empty_array", e.Code);
        Assert.Equal("Invalid 'messages': empty array. Expected an array with minimum length 1, but got an empty array instead.", e.Message);
    }

    [Fact]
    public void Unknown_role()
    {
        var e = Invalid("""{"model":"m","messages":[{"role":"user","content":"x"},{"role":"robot","content":"x"}]}""");
        Assert.Equal("messages[1].role", e.Param);
        Assert.Equal("invalid_value", e.Code);
        Assert.Equal("Invalid value: 'robot'. Supported values are: 'system', 'assistant', 'user', 'function', 'tool', and 'developer'.", e.Message);
    }

    [Theory]
    [InlineData("""{"content":"x"}""", "messages[0].role")]
    [InlineData("""{"role":"user"}""", "messages[0].content")]
    [InlineData("""{"role":"user","content":null}""", "messages[0].content")]
    [InlineData("""{"role":"system"}""", "messages[0].content")]
    [InlineData("""{"role":"assistant"}""", "messages[0].content")]
    [InlineData("""{"role":"tool","content":"x"}""", "messages[0].tool_call_id")]
    [InlineData("""{"role":"function","content":"x"}""", "messages[0].name")]
    [InlineData("""{"role":"user","content":[{"text":"x"}]}""", "messages[0].content[0].type")]
    [InlineData("""{"role":"user","content":[{"type":"text"}]}""", "messages[0].content[0].text")]
    [InlineData("""{"role":"assistant","tool_calls":[{"type":"function","function":{"name":"f"}}]}""", "messages[0].tool_calls[0].id")]
    [InlineData("""{"role":"assistant","tool_calls":[{"id":"c","type":"function"}]}""", "messages[0].tool_calls[0].function")]
    public void Missing_message_fields(string message, string param)
    {
        var e = Invalid($$"""{"model":"m","messages":[{{message}}]}""");
        Assert.Equal(param, e.Param);
        Assert.Equal("missing_required_parameter", e.Code);
        Assert.Equal($"Missing required parameter: '{param}'.", e.Message);
    }

    [Fact]
    public void Empty_content_array()
    {
        var e = Invalid("""{"model":"m","messages":[{"role":"user","content":[]}]}""");
        Assert.Equal("messages[0].content", e.Param);
        Assert.Equal("empty_array", e.Code);
    }

    [Theory]
    [InlineData("image_url", """{"url":"data:image/png;base64,AAAA"}""")]
    [InlineData("input_audio", """{"data":"AAAA","format":"wav"}""")]
    [InlineData("file", """{"file_id":"f"}""")]
    public void Non_text_parts_are_refused_clearly(string type, string payload)
    {
        var e = Invalid($$"""{"model":"m","messages":[{"role":"user","content":[{"type":"text","text":"see"},{"type":"{{type}}","{{type}}":{{payload}}}]}]}""");
        Assert.Equal("messages[0].content[1].type", e.Param);
        Assert.Equal("unsupported_value", e.Code);
        Assert.Contains($"'{type}' are not supported", e.Message);
    }

    [Fact]
    public void Unknown_part_type()
    {
        var e = Invalid("""{"model":"m","messages":[{"role":"system","content":[{"type":"video","video":1}]}]}""");
        Assert.Equal("messages[0].content[0].type", e.Param);
        Assert.Equal("invalid_value", e.Code);
    }

    [Theory]
    [InlineData("\"temperature\":2.5", "temperature", "decimal_above_max_value", "Invalid 'temperature': decimal above maximum value. Expected a value <= 2, but got 2.5 instead.")]
    [InlineData("\"temperature\":-0.1", "temperature", "decimal_below_min_value", "Invalid 'temperature': decimal below minimum value. Expected a value >= 0, but got -0.1 instead.")]
    [InlineData("\"top_p\":1.01", "top_p", "decimal_above_max_value", null)]
    [InlineData("\"top_p\":-1", "top_p", "decimal_below_min_value", null)]
    [InlineData("\"n\":0", "n", "integer_below_min_value", "Invalid 'n': integer below minimum value. Expected a value >= 1, but got 0 instead.")]
    [InlineData("\"n\":17", "n", "integer_above_max_value", "Invalid 'n': integer above maximum value. Expected a value <= 16, but got 17 instead.")]
    [InlineData("\"max_tokens\":0", "max_tokens", "integer_below_min_value", null)]
    [InlineData("\"max_tokens\":-3", "max_tokens", "integer_below_min_value", null)]
    [InlineData("\"max_completion_tokens\":0", "max_completion_tokens", "integer_below_min_value", null)]
    [InlineData("\"presence_penalty\":2.1", "presence_penalty", "decimal_above_max_value", null)]
    [InlineData("\"presence_penalty\":-2.1", "presence_penalty", "decimal_below_min_value", null)]
    [InlineData("\"frequency_penalty\":3", "frequency_penalty", "decimal_above_max_value", null)]
    [InlineData("\"frequency_penalty\":-3", "frequency_penalty", "decimal_below_min_value", null)]
    [InlineData("\"logprobs\":true,\"top_logprobs\":21", "top_logprobs", "integer_above_max_value", null)]
    [InlineData("\"top_logprobs\":-1", "top_logprobs", "integer_below_min_value", null)]
    [InlineData("\"top_k\":-2", "top_k", "integer_below_min_value", null)]
    [InlineData("\"min_p\":1.5", "min_p", "decimal_above_max_value", null)]
    [InlineData("\"repetition_penalty\":0", "repetition_penalty", "decimal_below_min_value", null)]
    // 1e308 became float Infinity and 1e-50 float 0 in the engine (a 500): refused at the edge, naming the field.
    [InlineData("\"repetition_penalty\":1e308", "repetition_penalty", "decimal_above_max_value", null)]
    [InlineData("\"repetition_penalty\":1e-50", "repetition_penalty", "decimal_below_min_value", null)]
    [InlineData("\"logit_bias\":{\"5\":101}", "logit_bias.5", "decimal_above_max_value", null)]
    public void Out_of_range(string fields, string param, string code, string? message)
    {
        var e = Invalid(With(fields));
        Assert.Equal(param, e.Param);
        Assert.Equal(code, e.Code);
        if (message is not null) Assert.Equal(message, e.Message);
    }

    [Fact]
    public void Every_accepted_sampling_value_stays_in_range_as_a_float()
    {
        // The engine samples with floats; the edge's double ranges must not round out of them.
        Assert.Null(Validate(With("\"temperature\":1.9999999999999,\"top_p\":1e-300,\"min_p\":0.99999999999,\"repetition_penalty\":10")));
        Assert.Equal(SamplingLimits.MaxTemperature, (float)SamplingLimits.MaxTemperature);
        Assert.Equal(SamplingLimits.MaxTopP, (float)SamplingLimits.MaxTopP);
        Assert.True(SamplingLimits.IsValidRepetitionPenalty(1e-30));
        Assert.False(SamplingLimits.IsValidRepetitionPenalty(1e-50));
        Assert.False(SamplingLimits.IsValidRepetitionPenalty(double.PositiveInfinity));
        Assert.False(SamplingLimits.IsValidRepetitionPenalty(double.NaN));
    }

    [Fact]
    public void N_limit_is_configurable() =>
        Assert.Equal("n", Invalid(With("\"n\":3"), new RequestLimits { MaxN = 2 }).Param);

    [Fact]
    public void Too_many_stop_strings()
    {
        var e = Invalid(With("\"stop\":[\"a\",\"b\",\"c\",\"d\",\"e\"]"));
        Assert.Equal("stop", e.Param);
        Assert.Equal("array_above_max_length", e.Code);
        Assert.Equal("Invalid 'stop': array too long. Expected an array with maximum length 4, but got an array with length 5 instead.", e.Message);
    }

    [Fact]
    public void Empty_stop_string() => Assert.Equal("stop[1]", Invalid(With("\"stop\":[\"a\",\"\"]")).Param);

    [Fact]
    public void Stream_options_without_stream()
    {
        var e = Invalid(With("\"stream_options\":{\"include_usage\":true}"));
        Assert.Equal("stream_options", e.Param);
        Assert.Equal("The 'stream_options' parameter is only allowed when 'stream' is enabled.", e.Message);
    }

    [Fact]
    public void Top_logprobs_needs_logprobs() => Assert.Equal("top_logprobs", Invalid(With("\"top_logprobs\":2")).Param);

    [Theory]
    [InlineData("\"logprobs\":true", "logprobs")]
    [InlineData("\"logit_bias\":{\"50256\":-100}", "logit_bias")]
    [InlineData("\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"f\"}}]", "tools")]
    [InlineData("\"functions\":[{\"name\":\"f\",\"parameters\":{}}]", "functions")]
    [InlineData("\"function_call\":{\"name\":\"f\"}", "function_call")]
    public void Unsupported_features_are_refused_not_ignored(string fields, string param)
    {
        var e = Invalid(With(fields));
        Assert.Equal(param, e.Param);
        Assert.Equal("unsupported_parameter", e.Code);
    }

    [Theory]
    [InlineData("\"logprobs\":true,\"top_logprobs\":5")]
    [InlineData("\"logit_bias\":{\"50256\":-100}")]
    [InlineData("\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"f\"}}],\"tool_choice\":\"required\"")]
    [InlineData("\"response_format\":{\"type\":\"json_object\"}")]
    public void Supported_features_pass_when_enabled(string fields) =>
        Assert.Null(Validate(With(fields), new RequestLimits
        {
            SupportsLogprobs = true, SupportsLogitBias = true, SupportsTools = true, SupportsStructuredOutput = true,
        }));

    [Theory]
    [InlineData("\"response_format\":{\"type\":\"json_object\"}", "response_format.type", "unsupported_value")]
    [InlineData("\"response_format\":{\"type\":\"yaml\"}", "response_format.type", "invalid_value")]
    [InlineData("\"response_format\":{}", "response_format.type", "missing_required_parameter")]
    [InlineData("\"response_format\":{\"type\":\"json_schema\"}", "response_format.json_schema", "missing_required_parameter")]
    [InlineData("\"tool_choice\":\"always\"", "tool_choice", "invalid_value")]
    [InlineData("\"tool_choice\":\"required\"", "tool_choice", "invalid_value")]
    [InlineData("\"tool_choice\":5", "tool_choice", "invalid_type")]
    [InlineData("\"tools\":[{\"type\":\"retrieval\"}]", "tools[0].type", "invalid_value")]
    [InlineData("\"tools\":[{\"type\":\"function\",\"function\":{}}]", "tools[0].function.name", "missing_required_parameter")]
    [InlineData("\"logit_bias\":{\"abc\":1}", "logit_bias", "invalid_value")]
    public void Other_invalid_values(string fields, string param, string code)
    {
        var e = Invalid(With(fields));
        Assert.Equal(param, e.Param);
        Assert.Equal(code, e.Code);
    }

    private static readonly RequestLimits WithTools = new() { SupportsTools = true };

    [Theory]
    [InlineData("\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"f\"}}],\"tool_choice\":{\"type\":\"function\",\"function\":{\"name\":\"g\"}}", "tool_choice", "invalid_value")]
    [InlineData("\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"f\"}}],\"tool_choice\":{\"function\":{\"name\":\"f\"}}", "tool_choice.type", "missing_required_parameter")]
    [InlineData("\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"f\"}}],\"tool_choice\":{\"type\":\"tool\",\"function\":{\"name\":\"f\"}}", "tool_choice.type", "invalid_value")]
    [InlineData("\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"get weather\"}}]", "tools[0].function.name", "invalid_value")]
    [InlineData("\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"f\"}},{\"type\":\"function\",\"function\":{\"name\":\"f\"}}]", "tools[1].function.name", "invalid_value")]
    [InlineData("\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"f\",\"parameters\":[1]}}]", "tools[0].function.parameters", "invalid_type")]
    [InlineData("\"tools\":[{\"type\":\"function\"}]", "tools[0].function", "missing_required_parameter")]
    [InlineData("\"functions\":[{\"name\":\"f\"}]", "functions", "unsupported_parameter")]
    public void Bad_tool_shapes_are_400s_naming_the_parameter(string fields, string param, string code)
    {
        var e = Validate(With(fields), WithTools);
        Assert.NotNull(e);
        Assert.Equal(400, e.StatusCode);
        Assert.Equal(param, e.Param);
        Assert.Equal(code, e.Code);
    }

    [Theory]
    [InlineData("\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"get_weather-2\",\"parameters\":{\"type\":\"object\"}}}],\"tool_choice\":{\"type\":\"function\",\"function\":{\"name\":\"get_weather-2\"}},\"parallel_tool_calls\":false")]
    [InlineData("\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"f\"}}],\"tool_choice\":\"none\"")]
    [InlineData("\"chat_template_kwargs\":{\"enable_thinking\":false}")]
    public void Good_tool_requests_pass(string fields) => Assert.Null(Validate(With(fields), WithTools));

    [Fact]
    public void Null_message_entry()
    {
        var e = Invalid("""{"model":"m","messages":[null]}""");
        Assert.Equal("messages[0]", e.Param);
        Assert.Equal("invalid_type", e.Code);
    }
}
