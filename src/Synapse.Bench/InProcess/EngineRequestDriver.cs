using Synapse.Bench.Load;
using Synapse.Engine;
using Synapse.Engine.Generation;
using Synapse.Engine.Sampling;

namespace Synapse.Bench.InProcess;

/// <summary>
/// Sends one request straight into the inference loop, with the same prompt, sampling and limits an HTTP request
/// of the same workload carries, and times its text deltas like the HTTP driver times SSE content chunks.
/// </summary>
public sealed class EngineRequestDriver(IInferenceEngine engine, EnginePromptBuilder prompts, bool ignoreEos) : IRequestDriver
{
    public async Task<RequestSample> SendAsync(int requestIndex, int maxTokens, Action? onFirstContent, CancellationToken cancellationToken)
    {
        var request = new GenerationRequest
        {
            PromptTokens = prompts.Tokens(requestIndex),
            Sampling = new SamplingOptions { Temperature = 0 },
            MaxTokens = maxTokens,
            IgnoreEos = ignoreEos,
        };
        var recorder = new RequestRecorder(onFirstContent);
        try
        {
            await using var handle = await engine.SubmitAsync(request, cancellationToken).ConfigureAwait(false);
            await foreach (var text in handle.Text.ReadAllAsync(cancellationToken).ConfigureAwait(false))
            {
                if (text.Length > 0)
                {
                    recorder.OnContent();
                }
            }

            var result = await handle.Completion.WaitAsync(cancellationToken).ConfigureAwait(false);
            return result.FinishReason == FinishReason.Cancelled
                ? recorder.Fail("cancelled by the engine")
                : recorder.Succeed(result.PromptTokens, result.CompletionTokens, result.FinishReason == FinishReason.Stop ? "stop" : "length");
        }
        catch (Exception ex) when (ex is QueueFullException or ContextLengthExceededException or InvalidOperationException)
        {
            return recorder.Fail(ex.Message);
        }
    }
}
