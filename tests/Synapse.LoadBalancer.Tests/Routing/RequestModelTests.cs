using System.Text;
using Synapse.LoadBalancer.Routing;

namespace Synapse.LoadBalancer.Tests.Routing;

public sealed class RequestModelTests
{
    [Theory]
    [InlineData("""{"model":"m1","messages":[]}""", "m1")]
    [InlineData("""{"messages":[{"role":"user","content":"{\"model\":\"inner\"}"}],"model":"outer"}""", "outer")]
    [InlineData("""{"stream":true,"options":{"model":"nested"}}""", null)]
    [InlineData("""{"model":42}""", null)]
    [InlineData("""not json""", null)]
    [InlineData("""[{"model":"in-array"}]""", null)]
    [InlineData("\uFEFF{\"model\":\"bom\"}", "bom")]
    public void ReadsOnlyTheTopLevelModelString(string body, string? expected) =>
        Assert.Equal(expected, RequestModel.Read(Encoding.UTF8.GetBytes(body)));

    [Theory]
    [InlineData(new byte[] { 0xC3, 0x28 })]
    [InlineData(new byte[] { 0xFF })]
    [InlineData(new byte[] { 0xED, 0xA0, 0x80 })]
    public void A_model_of_invalid_utf8_is_no_model(byte[] inside)
    {
        byte[] body = [.. "{\"model\":\"m"u8, .. inside, .. "\"}"u8];
        Assert.Null(RequestModel.Read(body));
    }

    [Theory]
    [InlineData("""{"model":"\ud800"}""")]
    [InlineData("""{"model":"a\udc00b"}""")]
    [InlineData("""{"model":"\ud800\u0041"}""")]
    public void A_model_with_an_escaped_lone_surrogate_is_no_model(string body) =>
        Assert.Null(RequestModel.Read(Encoding.UTF8.GetBytes(body)));
}
