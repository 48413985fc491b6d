using Synapse.Bench.Http;

namespace Synapse.Bench.Tests.Http;

public sealed class HttpTargetTests
{
    [Theory]
    [InlineData("http://127.0.0.1:8000", "http://127.0.0.1:8000/v1/chat/completions")]
    [InlineData("http://127.0.0.1:8000/", "http://127.0.0.1:8000/v1/chat/completions")]
    [InlineData("http://127.0.0.1:8000/v1", "http://127.0.0.1:8000/v1/chat/completions")]
    [InlineData("https://h/proxy/v1/", "https://h/proxy/v1/chat/completions")]
    [InlineData("https://h/proxy", "https://h/proxy/v1/chat/completions")]
    public void Base_urls_with_or_without_v1_reach_the_same_endpoint(string baseUrl, string expected)
    {
        var target = new HttpTarget(new Uri(baseUrl), BenchEndpoint.Chat, null, null);
        Assert.Equal(expected, target.GenerationUri.ToString());
        Assert.Equal(expected.Replace("chat/completions", "models", StringComparison.Ordinal), target.ModelsUri.ToString());
    }

    [Fact]
    public void Completions_endpoint()
    {
        var target = new HttpTarget(new Uri("http://h:1/v1"), BenchEndpoint.Completions, null, null);
        Assert.Equal("http://h:1/v1/completions", target.GenerationUri.ToString());
    }
}
