namespace Synapse.Bench.Http;

/// <summary>
/// An OpenAI-compatible server. The base URL may be given with or without the trailing <c>/v1</c>, as users
/// copy it from either an SDK's base_url or a server's banner.
/// </summary>
public sealed record HttpTarget
{
    public HttpTarget(Uri baseUrl, BenchEndpoint endpoint, string? model, string? apiKey)
    {
        if (!baseUrl.IsAbsoluteUri || (baseUrl.Scheme != Uri.UriSchemeHttp && baseUrl.Scheme != Uri.UriSchemeHttps))
        {
            throw new ArgumentException($"'{baseUrl}' is not an http:// or https:// URL.", nameof(baseUrl));
        }

        var path = baseUrl.AbsolutePath.TrimEnd('/');
        if (!path.EndsWith("/v1", StringComparison.Ordinal))
        {
            path += "/v1";
        }

        ApiBase = new UriBuilder(baseUrl) { Path = path + "/", Query = "", Fragment = "" }.Uri;
        Endpoint = endpoint;
        Model = model;
        ApiKey = apiKey;
    }

    /// <summary>Always ends in <c>/v1/</c>.</summary>
    public Uri ApiBase { get; }

    public BenchEndpoint Endpoint { get; }

    public string? Model { get; init; }

    public string? ApiKey { get; }

    public Uri GenerationUri => new(ApiBase, Endpoint == BenchEndpoint.Chat ? "chat/completions" : "completions");

    public Uri ModelsUri => new(ApiBase, "models");
}
