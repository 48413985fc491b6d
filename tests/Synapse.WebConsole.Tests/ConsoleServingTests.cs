using System.Net;
using System.Net.Http.Headers;
using Synapse.WebConsole.Tests.Infrastructure;

namespace Synapse.WebConsole.Tests;

/// <summary>The console's files as the balancer serves them: compressed, cached by hash, the page behind a strict policy.</summary>
[Collection(ConsoleFleetCollection.Name)]
public sealed class ConsoleServingTests(ConsoleFleetFixture fixture)
{
    [Fact]
    public async Task The_page_and_its_hashed_assets_are_served_compressed_and_cached_by_hash()
    {
        if (fixture.SkipReason is not null)
        {
            Assert.Skip(fixture.SkipReason);
        }

        using var http = new HttpClient(new SocketsHttpHandler { AutomaticDecompression = DecompressionMethods.None }) { BaseAddress = new Uri(fixture.Fleet.Balancer.Url) };
        using var page = new HttpRequestMessage(HttpMethod.Get, "/");
        page.Headers.AcceptEncoding.Add(new StringWithQualityHeaderValue("gzip"));
        page.Headers.AcceptEncoding.Add(new StringWithQualityHeaderValue("br"));
        using var answer = await http.SendAsync(page, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        Assert.Equal("br", Assert.Single(answer.Content.Headers.ContentEncoding));
        Assert.True(answer.Headers.CacheControl!.NoCache);
        Assert.Contains("connect-src 'self'", answer.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);

        using var plain = await http.GetAsync("/", TestContext.Current.CancellationToken);
        var html = await plain.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        var script = System.Text.RegularExpressions.Regex.Match(html, "/assets/index-[A-Za-z0-9_-]+\\.js").Value;
        Assert.NotEmpty(script);
        Assert.DoesNotContain("http://", html.Replace("http://www.w3.org/2000/svg", "", StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.DoesNotContain("https://", html, StringComparison.Ordinal);

        using var asset = new HttpRequestMessage(HttpMethod.Get, script);
        asset.Headers.AcceptEncoding.Add(new StringWithQualityHeaderValue("gzip"));
        using var js = await http.SendAsync(asset, TestContext.Current.CancellationToken);
        Assert.Equal("gzip", Assert.Single(js.Content.Headers.ContentEncoding));
        Assert.True(js.Headers.CacheControl!.Public);
        Assert.Equal(TimeSpan.FromDays(365), js.Headers.CacheControl.MaxAge);
        Assert.Contains("immutable", js.Headers.CacheControl.ToString(), StringComparison.Ordinal);

        using var again = new HttpRequestMessage(HttpMethod.Get, script);
        again.Headers.IfNoneMatch.Add(js.Headers.ETag!);
        using var notModified = await http.SendAsync(again, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.NotModified, notModified.StatusCode);

        using var missing = await http.GetAsync("/assets/nothing-here.js", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }

    [Fact]
    public async Task A_node_serves_the_console_too()
    {
        if (fixture.SkipReason is not null)
        {
            Assert.Skip(fixture.SkipReason);
        }

        using var answer = await fixture.Fleet.Nodes[2].Http.GetAsync("/", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        Assert.Contains("<title>Synapse</title>", await answer.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);
    }
}
