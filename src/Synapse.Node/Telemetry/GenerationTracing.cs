using System.Diagnostics;
using Synapse.Engine.Generation;
using Synapse.Hosting.Telemetry;
using Synapse.Node.Generation;

namespace Synapse.Node.Telemetry;

/// <summary>
/// The node's generation spans, built once a generation has ended from the timings the inference loop measured
/// (<see cref="GenerationResult"/>), so tracing adds nothing to the loop itself. Under the request's server span:
/// one <c>{operation} {model}</c> span per choice with the GenAI attributes, and its three phases as children:
/// <c>queue_wait</c> (submitted until a slot took it), <c>prefill</c> (until the first token) and <c>decode</c>
/// (until the end). Only counts, settings and names are recorded, never prompt or output text.
/// </summary>
public sealed class GenerationTracing(TimeProvider time) : IDisposable
{
    public const string QueueWaitSpan = "queue_wait";
    public const string PrefillSpan = "prefill";
    public const string DecodeSpan = "decode";

    private readonly ActivitySource _source = new(TelemetryNames.Node);

    /// <summary>Records the spans of one finished generation; free when no tracer listens.</summary>
    public void Record(GenerationPlan plan, GenerationResult result)
    {
        if (!_source.HasListeners())
        {
            return;
        }

        var previous = Activity.Current;
        try
        {
            var end = time.GetUtcNow();
            var start = end - result.Total;
            var operation = plan.PromptParam == "prompt" ? GenAiAttributes.TextCompletion : GenAiAttributes.Chat;
            using var generation = _source.StartActivity($"{operation} {plan.Model}", ActivityKind.Internal,
                previous?.Context ?? default, startTime: start);
            if (generation is null)
            {
                return;
            }

            Describe(generation, plan, operation, result);
            var admitted = start + result.QueueTime;
            var firstToken = result.TimeToFirstToken > TimeSpan.Zero ? start + result.TimeToFirstToken : end;
            Phase(generation, QueueWaitSpan, operation, plan.Model, start, admitted, null, 0);
            Phase(generation, PrefillSpan, operation, plan.Model, admitted, firstToken, GenAiAttributes.UsageInputTokens, result.PromptTokens);
            Phase(generation, DecodeSpan, operation, plan.Model, firstToken, end, GenAiAttributes.UsageOutputTokens, result.CompletionTokens);
            generation.SetEndTime(end.UtcDateTime);
        }
        finally
        {
            Activity.Current = previous;
        }
    }

    public void Dispose() => _source.Dispose();

    private static void Describe(Activity activity, GenerationPlan plan, string operation, GenerationResult result)
    {
        activity.SetTag(GenAiAttributes.OperationName, operation);
        activity.SetTag(GenAiAttributes.ProviderName, GenAiAttributes.Provider);
        activity.SetTag(GenAiAttributes.System, GenAiAttributes.Provider);
        activity.SetTag(GenAiAttributes.RequestModel, plan.Model);
        activity.SetTag(GenAiAttributes.ResponseModel, plan.Model);
        if (plan.Choices.Count > 0)
        {
            var request = plan.Choices[0].Request;
            if (request.MaxTokens is { } maxTokens)
            {
                activity.SetTag(GenAiAttributes.RequestMaxTokens, maxTokens);
            }

            activity.SetTag(GenAiAttributes.RequestTemperature, (double)request.Sampling.Temperature);
            activity.SetTag(GenAiAttributes.RequestTopP, (double)request.Sampling.TopP);
        }

        activity.SetTag(GenAiAttributes.UsageInputTokens, result.PromptTokens);
        activity.SetTag(GenAiAttributes.UsageOutputTokens, result.CompletionTokens);
        activity.SetTag(GenAiAttributes.ResponseFinishReasons, new[] { GenerationRunner.FinishReasonText(result.FinishReason) });
    }

    private void Phase(Activity parent, string name, string operation, string model, DateTimeOffset start, DateTimeOffset end,
        string? tokensAttribute, int tokens)
    {
        using var phase = _source.StartActivity(name, ActivityKind.Internal, parent.Context, startTime: start);
        if (phase is null)
        {
            return;
        }

        phase.SetTag(GenAiAttributes.OperationName, operation);
        phase.SetTag(GenAiAttributes.RequestModel, model);
        if (tokensAttribute is not null)
        {
            phase.SetTag(tokensAttribute, tokens);
        }

        phase.SetEndTime((end < start ? start : end).UtcDateTime);
    }
}
