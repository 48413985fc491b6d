using System.Text;
using Synapse.LoadBalancer.Routing;

namespace Synapse.LoadBalancer.Tests;

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
}
