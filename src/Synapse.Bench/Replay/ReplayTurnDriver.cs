using System.Text;
using Synapse.Bench.Http;
using Synapse.Bench.Load;
using Synapse.Bench.Sse;

namespace Synapse.Bench.Replay;

/// <summary>Sends one streamed replay turn and keeps its answer, its timing and the usage the server reports.</summary>
public sealed class ReplayTurnDriver(HttpClient client, HttpTarget target, ReplayOptions options)
{
    public async Task<ReplayTurnSample> SendAsync(ReplayConversation conversation, int turn, CancellationToken cancellationToken)
    {
        var user = options.SendUser ? $"replay-{conversation.Index}" : null;
        var body = ReplayRequestBody.Build(target.Model, conversation.Messages, options.OutputTokens, options.IgnoreEos, user);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.RequestTimeout);
        using var request = HttpRequestDriver.CreateRequest(target, target.GenerationUri, body);
        var recorder = new RequestRecorder();
        var answer = new StringBuilder();
        int? promptTokens = null, completionTokens = null, cachedTokens = null;
        try
        {
            using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                return Failed(recorder.Fail(await HttpErrors.DescribeAsync(response, timeout.Token).ConfigureAwait(false)));
            }

            await using var stream = await response.Content.ReadAsStreamAsync(timeout.Token).ConfigureAwait(false);
            await foreach (var frame in SseReader.ReadAsync(stream, timeout.Token).ConfigureAwait(false))
            {
                if (frame.Data == "[DONE]")
                {
                    var sample = recorder.Succeed(promptTokens ?? 0, completionTokens, null);
                    return new ReplayTurnSample
                    {
                        Conversation = conversation.Index,
                        Turn = turn,
                        Succeeded = true,
                        TtftMs = sample.TtftMs,
                        E2eMs = sample.E2eMs,
                        PromptTokens = sample.PromptTokens,
                        CachedTokens = cachedTokens,
                        CompletionTokens = sample.CompletionTokens,
                        Answer = answer.ToString(),
                    };
                }

                var chunk = ChunkParser.Parse(frame.Data, BenchEndpoint.Chat);
                if (chunk.Error is not null)
                {
                    return Failed(recorder.Fail($"error in stream: {chunk.Error}"));
                }

                if (!string.IsNullOrEmpty(chunk.Content))
                {
                    recorder.OnContent();
                    answer.Append(chunk.Content);
                }

                promptTokens = chunk.PromptTokens ?? promptTokens;
                completionTokens = chunk.CompletionTokens ?? completionTokens;
                cachedTokens = chunk.CachedTokens ?? cachedTokens;
            }

            return Failed(recorder.Fail("stream ended without data: [DONE]"));
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return Failed(recorder.Fail($"timed out after {options.RequestTimeout.TotalSeconds:F0} s"));
        }
        catch (HttpRequestException ex)
        {
            return Failed(recorder.Fail(HttpErrors.Describe(ex)));
        }
        catch (IOException ex)
        {
            return Failed(recorder.Fail($"connection broken: {ex.Message}"));
        }

        ReplayTurnSample Failed(RequestSample sample) => new()
        {
            Conversation = conversation.Index,
            Turn = turn,
            Succeeded = false,
            Error = sample.Error,
            TtftMs = sample.TtftMs,
            E2eMs = sample.E2eMs,
        };
    }
}
