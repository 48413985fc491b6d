using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace Synapse.WebConsole.Assets;

/// <summary>
/// Answers one console file: the brotli or gzip copy when the browser takes it, a 304 when its ETag matches, cached
/// for a year when its name holds its hash and revalidated every time otherwise (the page names the hashed files).
/// </summary>
internal static class ConsoleAssetWriter
{
    /// <summary>
    /// The page may talk to its own origin only: no CDN, font or tracker can be loaded even by a bug or an injected
    /// script. KaTeX sets inline styles, hence 'unsafe-inline' for styles (never for scripts).
    /// </summary>
    public const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; font-src 'self'; " +
        "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    public static Task WriteAsync(HttpContext context, ConsoleAsset asset)
    {
        var response = context.Response;
        var headers = response.Headers;
        headers.CacheControl = asset.Immutable ? "public, max-age=31536000, immutable" : "no-cache";
        headers.ETag = asset.ETag;
        headers.Vary = HeaderNames.AcceptEncoding;
        headers.XContentTypeOptions = "nosniff";
        headers["Referrer-Policy"] = "no-referrer";
        if (asset.Path.EndsWith(".html", StringComparison.Ordinal))
        {
            headers.ContentSecurityPolicy = ContentSecurityPolicy;
        }

        if (context.Request.Headers.IfNoneMatch.Any(v => v is not null && v.Split(',').Any(t => t.Trim() == asset.ETag || t.Trim() == "*")))
        {
            response.StatusCode = StatusCodes.Status304NotModified;
            return Task.CompletedTask;
        }

        var (body, encoding) = Choose(context.Request.Headers.AcceptEncoding, asset);
        response.ContentType = asset.ContentType;
        response.ContentLength = body.Length;
        if (encoding is not null)
        {
            headers.ContentEncoding = encoding;
        }

        return HttpMethods.IsHead(context.Request.Method) ? Task.CompletedTask : response.Body.WriteAsync(body, context.RequestAborted).AsTask();
    }

    internal static (byte[] Body, string? Encoding) Choose(Microsoft.Extensions.Primitives.StringValues acceptEncoding, ConsoleAsset asset)
    {
        var accepted = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var value in acceptEncoding)
        {
            foreach (var part in (value ?? "").Split(','))
            {
                var token = part.Split(';');
                var q = token.Skip(1).Select(p => p.Trim()).FirstOrDefault(p => p.StartsWith("q=", StringComparison.OrdinalIgnoreCase));
                if (q is not null && double.TryParse(q[2..], System.Globalization.CultureInfo.InvariantCulture, out var weight) && weight <= 0)
                {
                    continue;
                }

                accepted.Add(token[0].Trim());
            }
        }

        if (asset.Brotli is { } br && accepted.Contains("br"))
        {
            return (br, "br");
        }

        return asset.Gzip is { } gz && accepted.Contains("gzip") ? (gz, "gzip") : (asset.Content, null);
    }
}
