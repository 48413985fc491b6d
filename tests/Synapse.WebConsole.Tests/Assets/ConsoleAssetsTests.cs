using Microsoft.Extensions.Primitives;
using Synapse.WebConsole.Assets;

namespace Synapse.WebConsole.Tests.Assets;

/// <summary>The embedded files and the encoding each browser gets (no server, no browser: these run everywhere).</summary>
public sealed class ConsoleAssetsTests
{
    private static readonly ConsoleAssets Assets = new();

    [Fact]
    public void The_build_embedded_the_page_its_hashed_bundle_and_compressed_copies()
    {
        var index = Assert.IsType<ConsoleAsset>(Assets.Index);
        Assert.False(index.Immutable);
        Assert.StartsWith("text/html", index.ContentType, StringComparison.Ordinal);
        Assert.NotNull(index.Brotli);
        Assert.NotNull(index.Gzip);
        var script = Assert.Single(Assets.All, a => a.Path.StartsWith("assets/index-", StringComparison.Ordinal) && a.Path.EndsWith(".js", StringComparison.Ordinal));
        Assert.True(script.Immutable);
        Assert.Contains(script.Path, System.Text.Encoding.UTF8.GetString(index.Content), StringComparison.Ordinal);
        Assert.True(script.Brotli!.Length < script.Content.Length / 2);
        // KaTeX's fonts come with the page: nothing is fetched from elsewhere.
        Assert.Contains(Assets.All, a => a.Path.EndsWith(".woff2", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("gzip, deflate, br", "br")]
    [InlineData("gzip", "gzip")]
    [InlineData("br;q=0, gzip", "gzip")]
    [InlineData("identity", null)]
    [InlineData("", null)]
    public void The_encoding_follows_accept_encoding(string accept, string? expected)
    {
        var index = Assets.Index!;
        var (body, encoding) = ConsoleAssetWriter.Choose(new StringValues(accept), index);
        Assert.Equal(expected, encoding);
        Assert.Same(expected switch { "br" => index.Brotli, "gzip" => index.Gzip, _ => index.Content }, body);
    }
}
