using System.Text.Json;
using Synapse.Bench.Http;

namespace Synapse.Bench.Tests.Http;

public sealed class RequestBodyTests
{
    [Fact]
    public void A_schema_goes_out_as_a_strict_json_schema_response_format()
    {
        const string schema = """{"type":"object","properties":{"words":{"type":"array","items":{"type":"string"}}},"required":["words"]}""";
        using var body = JsonDocument.Parse(RequestBody.Build(BenchEndpoint.Chat, "m", "hi", 16, stream: true, ignoreEos: true, schema));
        var format = body.RootElement.GetProperty("response_format");
        Assert.Equal("json_schema", format.GetProperty("type").GetString());
        Assert.Equal("bench", format.GetProperty("json_schema").GetProperty("name").GetString());
        Assert.True(format.GetProperty("json_schema").GetProperty("strict").GetBoolean());
        Assert.Equal(schema, format.GetProperty("json_schema").GetProperty("schema").GetRawText());
        Assert.True(body.RootElement.GetProperty("ignore_eos").GetBoolean());
    }

    [Fact]
    public void Without_a_schema_there_is_no_response_format()
    {
        using var body = JsonDocument.Parse(RequestBody.Build(BenchEndpoint.Completions, null, "hi", 16, stream: false, ignoreEos: false));
        Assert.False(body.RootElement.TryGetProperty("response_format", out _));
        Assert.Equal("hi", body.RootElement.GetProperty("prompt").GetString());
    }
}
