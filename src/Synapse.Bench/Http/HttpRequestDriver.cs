using System.Net.Http.Headers;
using Synapse.Bench.Load;
using Synapse.Bench.Prompts;
using Synapse.Bench.Sse;

namespace Synapse.Bench.Http;

/// <summary>Sends one streaming request to an OpenAI-compatible server and times its content deltas.</summary>
public sealed class HttpRequestDriver(
    HttpClient client, HttpTarget target, SyntheticPrompt prompt, int promptWords, bool ignoreEos, TimeSpan requestTimeout,
    string? responseFormatSchema = null)
    : IRequestDriver
{
    public async Task<RequestSample> SendAsync(int requestIndex, int maxTokens, Action? onFirstContent, CancellationToken cancellationToken)
    {
        var body = RequestBody.Build(target.Endpoint, target.Model, prompt.Build(promptWords, requestIndex), maxTokens, stream: true, ignoreEos,
            responseFormatSchema);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(requestTimeout);
        using var request = CreateRequest(target, target.GenerationUri, body);
        var recorder = new RequestRecorder(onFirstContent);
        try
        {
            using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                return recorder.Fail(await HttpErrors.DescribeAsync(response, timeout.Token).ConfigureAwait(false));
            }

            await using var stream = await response.Content.ReadAsStreamAsync(timeout.Token).ConfigureAwait(false);
            int? promptTokens = null, completionTokens = null;
            string? finish = null;
            await foreach (var frame in SseReader.ReadAsync(stream, timeout.Token).ConfigureAwait(false))
            {
                if (frame.Data == "[DONE]")
                {
                    return recorder.Succeed(promptTokens ?? 0, completionTokens, finish);
                }

                var chunk = ChunkParser.Parse(frame.Data, target.Endpoint);
                if (chunk.Error is not null)
                {
                    return recorder.Fail($"error in stream: {chunk.Error}");
                }

                if (!string.IsNullOrEmpty(chunk.Content))
                {
                    recorder.OnContent();
                }

                finish = chunk.FinishReason ?? finish;
                promptTokens = chunk.PromptTokens ?? promptTokens;
                completionTokens = chunk.CompletionTokens ?? completionTokens;
            }

            return recorder.Fail("stream ended without data: [DONE]");
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return recorder.Fail($"timed out after {requestTimeout.TotalSeconds:F0} s");
        }
        catch (HttpRequestException ex)
        {
            return recorder.Fail(HttpErrors.Describe(ex));
        }
        catch (IOException ex)
        {
            return recorder.Fail($"connection broken: {ex.Message}");
        }
    }

    internal static HttpRequestMessage CreateRequest(HttpTarget target, Uri uri, byte[] body)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, uri) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        if (!string.IsNullOrEmpty(target.ApiKey))
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", target.ApiKey);
        }

        return request;
    }
}
