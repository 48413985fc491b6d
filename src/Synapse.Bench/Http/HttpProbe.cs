using System.Text.Json;

namespace Synapse.Bench.Http;

/// <summary>The non-streaming calls a run makes before measuring: which model to name, and prompt token counts.</summary>
public sealed class HttpProbe(HttpClient client, HttpTarget target)
{
    /// <summary>The first id of <c>GET /v1/models</c>, for servers where the user did not name a model.</summary>
    public async Task<string> DiscoverModelAsync(CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, target.ModelsUri);
        if (!string.IsNullOrEmpty(target.ApiKey))
        {
            request.Headers.Authorization = new("Bearer", target.ApiKey);
        }

        using var response = await Send(request, cancellationToken).ConfigureAwait(false);
        using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false));
        if (doc.RootElement.TryGetProperty("data", out var data) && data.ValueKind == JsonValueKind.Array)
        {
            foreach (var model in data.EnumerateArray())
            {
                if (model.TryGetProperty("id", out var id) && id.GetString() is { Length: > 0 } name)
                {
                    return name;
                }
            }
        }

        throw new BenchException($"GET {target.ModelsUri} listed no models; pass --model.");
    }

    /// <summary>The prompt tokens the server counts for <paramref name="prompt"/> (one output token is generated).</summary>
    public async Task<int> CountPromptTokensAsync(string prompt, CancellationToken cancellationToken)
    {
        var body = RequestBody.Build(target.Endpoint, target.Model, prompt, maxTokens: 1, stream: false, ignoreEos: false);
        using var request = HttpRequestDriver.CreateRequest(target, target.GenerationUri, body);
        using var response = await Send(request, cancellationToken).ConfigureAwait(false);
        var chunk = ChunkParser.Parse(await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false), target.Endpoint);
        return chunk.PromptTokens is { } tokens
            ? tokens
            : throw new BenchException($"POST {target.GenerationUri} answered without usage.prompt_tokens; cannot size the prompt.");
    }

    private async Task<HttpResponseMessage> Send(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        HttpResponseMessage response;
        try
        {
            response = await client.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException ex)
        {
            throw new BenchException($"{request.Method} {request.RequestUri}: {HttpErrors.Describe(ex)}");
        }

        if (!response.IsSuccessStatusCode)
        {
            var message = await HttpErrors.DescribeAsync(response, cancellationToken).ConfigureAwait(false);
            response.Dispose();
            throw new BenchException($"{request.Method} {request.RequestUri}: {message}");
        }

        return response;
    }
}
