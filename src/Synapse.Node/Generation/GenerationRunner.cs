using System.Diagnostics;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Synapse.Engine;
using Synapse.Engine.Generation;
using Synapse.Hosting.Errors;
using Synapse.Node.Configuration;
using Synapse.Node.Errors;
using Synapse.Node.Hosting;
using Synapse.Node.Metrics;
using Synapse.Node.Streaming;
using Synapse.Node.Telemetry;
using Synapse.OpenAI.Common;
using Synapse.OpenAI.Errors;

namespace Synapse.Node.Generation;

/// <summary>
/// The shared path of chat and legacy completions: admit, submit every choice to the engine, then either stream
/// chunks as text arrives (with keep-alive comments until the first one) or collect the text, and account usage
/// and metrics. A client that goes away cancels every generation of its request at once.
/// </summary>
public sealed partial class GenerationRunner(
    IInferenceEngine engine,
    NodeState state,
    NodeOptions options,
    NodeMetrics metrics,
    GenerationTracing tracing,
    ILogger<GenerationRunner> logger)
{
    /// <summary>Refuses work while the model loads or the node drains (503 with Retry-After).</summary>
    public void EnsureAdmitting()
    {
        if (state.IsDraining || !engine.IsReady)
        {
            throw ApiError.NotReady();
        }
    }

    public async Task RunAsync(HttpContext context, GenerationPlan plan, IResponseFormatter formatter)
    {
        var aborted = context.RequestAborted;
        var handles = new List<GenerationHandle>(plan.Choices.Count);
        try
        {
            foreach (var choice in plan.Choices)
            {
                handles.Add(await SubmitAsync(choice.Request, plan.PromptParam, aborted));
            }

            if (plan.Stream)
            {
                await StreamAsync(context, plan, formatter, handles, aborted);
            }
            else
            {
                await CollectAsync(context, plan, formatter, handles, aborted);
            }
        }
        finally
        {
            // Disposing cancels whatever is still running, so an aborted or failed request frees its slots at once.
            foreach (var handle in handles)
            {
                await handle.DisposeAsync();
            }
        }
    }

    private async ValueTask<GenerationHandle> SubmitAsync(GenerationRequest request, string promptParam, CancellationToken cancellationToken)
    {
        if (request.MaxTokens == 0 && !request.PromptLogprobs)
        {
            return new FinishedGenerationHandle(request.PromptTokens.Count);
        }

        try
        {
            return await engine.SubmitAsync(request, cancellationToken);
        }
        catch (Synapse.Engine.Grammar.InvalidGrammarException exception)
        {
            throw ApiError.InvalidValue("grammar", $"Invalid 'grammar': {exception.Message}");
        }
        catch (QueueFullException)
        {
            throw ApiError.Overloaded(retryAfterSeconds: 1);
        }
        catch (EngineUnavailableException)
        {
            throw ApiError.NotReady();
        }
        catch (Synapse.Engine.Embeddings.EmbeddingsNotSupportedException exception)
        {
            // Endpoints check the model's kind first; this covers any generating endpoint that does not.
            throw ApiError.InvalidValue("model", exception.Message);
        }
        catch (ContextLengthExceededException exception)
        {
            throw exception.RequestedTokens > 0
                ? ApiError.ContextLengthExceeded(exception.ContextSize, exception.PromptTokens, exception.RequestedTokens, promptParam)
                : ApiError.ContextLengthExceeded(exception.ContextSize, exception.PromptTokens, promptParam);
        }
    }

    private async Task CollectAsync(HttpContext context, GenerationPlan plan, IResponseFormatter formatter,
        List<GenerationHandle> handles, CancellationToken cancellationToken)
    {
        var texts = new StringBuilder[handles.Count];
        var logprobs = new List<TokenLogprob>?[handles.Count];
        var results = new GenerationResult[handles.Count];
        var timing = new ChoiceTiming[handles.Count];
        var source = GenerationEventSource.Create(handles, cancellationToken);
        while (await source.WaitToReadAsync(cancellationToken))
        {
            while (source.TryRead(out var item))
            {
                if (item.Logprobs is { } tokens)
                {
                    (logprobs[item.Slot] ??= []).AddRange(tokens);
                }

                if (item.Finished is { } result)
                {
                    results[item.Slot] = result;
                    Finish(plan, result);
                    continue;
                }

                timing[item.Slot].Observe(metrics, plan.StartTimestamp);
                (texts[item.Slot] ??= new StringBuilder()).Append(item.Text);
            }
        }

        var outcomes = new ChoiceOutcome[handles.Count];
        for (var i = 0; i < handles.Count; i++)
        {
            var text = texts[i]?.ToString() ?? "";
            outcomes[i] = new ChoiceOutcome(plan.Choices[i], plan.Choices[i].Echo is { } echo ? echo + text : text, results[i])
            {
                Logprobs = plan.Choices[i].Request.Logprobs is null ? null : (IReadOnlyList<TokenLogprob>?)logprobs[i] ?? [],
            };
        }

        await formatter.WriteResponseAsync(context, outcomes, ComputeUsage(plan, results));
    }

    private async Task StreamAsync(HttpContext context, GenerationPlan plan, IResponseFormatter formatter,
        List<GenerationHandle> handles, CancellationToken cancellationToken)
    {
        var response = context.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = "text/event-stream; charset=utf-8";
        response.Headers.CacheControl = "no-cache";
        response.Headers["X-Accel-Buffering"] = "no";
        await response.StartAsync(cancellationToken);

        using var sse = new SseWriter(response.BodyWriter);
        formatter.WriteStreamStart(sse);
        await sse.FlushAsync(cancellationToken);
        var started = new bool[handles.Count];
        var results = new GenerationResult[handles.Count];
        var timing = new ChoiceTiming[handles.Count];
        var source = GenerationEventSource.Create(handles, cancellationToken);
        try
        {
            var more = await WaitWithKeepAliveAsync(source, sse, cancellationToken);
            while (more)
            {
                while (source.TryRead(out var item))
                {
                    var slot = item.Slot;
                    if (!started[slot])
                    {
                        started[slot] = true;
                        // Prompt logprobs are complete once the first text or the end has come (the prompt is read first).
                        formatter.WriteChoiceStart(sse, plan.Choices[slot], item.Finished?.PromptLogprobs ?? handles[slot].PromptTokenLogprobs);
                    }

                    if (item.Finished is { } result)
                    {
                        results[slot] = result;
                        Finish(plan, result);
                        formatter.WriteChoiceEnd(sse, plan.Choices[slot].Index, FinishReasonText(result.FinishReason), item.Logprobs);
                        continue;
                    }

                    timing[slot].Observe(metrics, plan.StartTimestamp);
                    formatter.WriteDelta(sse, plan.Choices[slot].Index, item.Text!, item.Logprobs);
                }

                // One flush per batch of available deltas: under load several tokens share a write.
                await sse.FlushAsync(cancellationToken);
                more = await source.WaitToReadAsync(cancellationToken);
            }

            // Inside the try: a failure while ending (the Responses API stores the response here) still ends the stream with an error event.
            await formatter.WriteStreamEndAsync(sse, ComputeUsage(plan, results), plan.IncludeUsage, cancellationToken);
        }
        catch (Exception exception) when (exception is not OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            // Headers are sent: OpenAI reports a failure inside the stream as an error event.
            LogStreamFailed(logger, exception);
            var error = exception as ApiError ?? ApiError.Internal();
            metrics.Errors.Increment(error.Code ?? error.Type);
            formatter.WriteStreamError(sse, error);
            await sse.FlushAsync(cancellationToken);
            return;
        }

        await sse.FlushAsync(cancellationToken);
    }

    /// <summary>Waits for the first event; until it comes, sends <c>: keep-alive</c> comments so proxies keep the stream open.</summary>
    private async Task<bool> WaitWithKeepAliveAsync(GenerationEventSource source, SseWriter sse, CancellationToken cancellationToken)
    {
        var first = source.WaitToReadAsync(cancellationToken);
        if (first.IsCompleted)
        {
            return await first;
        }

        var firstTask = first.AsTask();
        using var delayCancellation = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        while (true)
        {
            var delay = Task.Delay(options.KeepAliveInterval, delayCancellation.Token);
            if (await Task.WhenAny(firstTask, delay) == firstTask)
            {
                await delayCancellation.CancelAsync();
                return await firstTask;
            }

            cancellationToken.ThrowIfCancellationRequested();
            sse.WriteKeepAlive();
            await sse.FlushAsync(cancellationToken);
        }
    }

    private void Finish(GenerationPlan plan, GenerationResult result)
    {
        metrics.EndToEndLatency.Record(Stopwatch.GetElapsedTime(plan.StartTimestamp).TotalSeconds);
        metrics.QueueTime.Record(result.QueueTime.TotalSeconds);
        metrics.FinishedGenerations.Increment(FinishReasonText(result.FinishReason));
        tracing.Record(plan, result);
    }

    /// <summary>
    /// OpenAI counts the prompt once per prompt, however many choices (<c>n</c>) it has, and sums completion tokens
    /// over all choices.
    /// </summary>
    private static Usage ComputeUsage(GenerationPlan plan, GenerationResult[] results)
    {
        var promptTokens = 0;
        var cachedTokens = 0;
        var completionTokens = 0;
        var counted = new HashSet<int>();
        for (var i = 0; i < results.Length; i++)
        {
            if (results[i] is not { } result)
            {
                continue;
            }

            completionTokens += result.CompletionTokens;
            if (counted.Add(plan.Choices[i].PromptIndex))
            {
                promptTokens += result.PromptTokens;
                cachedTokens += result.CachedTokens;
            }
        }

        var usage = Usage.Of(promptTokens, completionTokens);
        usage.PromptTokensDetails = new PromptTokensDetails { CachedTokens = cachedTokens };
        return usage;
    }

    public static string FinishReasonText(FinishReason reason) => reason switch
    {
        FinishReason.Length => FinishReasons.Length,
        _ => FinishReasons.Stop,
    };

    /// <summary>Per choice: the first delta observes TTFT, later ones the inter-token latency.</summary>
    private struct ChoiceTiming
    {
        private long _last;

        public void Observe(NodeMetrics metrics, long requestStart)
        {
            var now = Stopwatch.GetTimestamp();
            if (_last == 0)
            {
                metrics.TimeToFirstToken.Record(Stopwatch.GetElapsedTime(requestStart, now).TotalSeconds);
            }
            else
            {
                metrics.InterTokenLatency.Record(Stopwatch.GetElapsedTime(_last, now).TotalSeconds);
            }

            _last = now;
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "A streaming generation failed after its headers were sent")]
    private static partial void LogStreamFailed(ILogger logger, Exception exception);
}
