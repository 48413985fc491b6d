using System.Diagnostics;
using Synapse.Engine.Generation;
using Synapse.Engine.Sampling;

namespace Synapse.Engine.Benchmarking;

/// <summary>
/// Drives an engine directly (no HTTP) with synthetic prompts of exact length and ignore_eos outputs of exact
/// length: the in-process baseline the HTTP benchmark is compared with.
/// </summary>
public static class EngineBenchmark
{
    private const string Filler =
        " The quick brown fox jumps over the lazy dog while the committee reviews the quarterly report on river" +
        " traffic, noting that seven barges arrived late because of fog near the old stone bridge.";

    public static Task<EngineBenchmarkResult> RunAsync(IInferenceEngine engine, int concurrency, int promptTokens, int outputTokens, CancellationToken cancellationToken) =>
        RunAsync(engine, new EngineBenchmarkOptions { Concurrency = concurrency, PromptTokens = promptTokens, OutputTokens = outputTokens }, cancellationToken);

    public static async Task<EngineBenchmarkResult> RunAsync(IInferenceEngine engine, EngineBenchmarkOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(engine);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Concurrency, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.PromptTokens, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.OutputTokens, 1);
        var requests = options.Requests ?? options.Concurrency;
        ArgumentOutOfRangeException.ThrowIfLessThan(requests, 1);

        var prompts = Enumerable.Range(0, requests).Select(i => SyntheticPrompt(engine, i, options.PromptTokens)).ToArray();
        var samples = new List<(TimeSpan Ttft, TimeSpan Total, int Tokens)>(requests);
        var failed = 0;
        var next = -1;
        var started = Stopwatch.GetTimestamp();

        async Task Client()
        {
            int index;
            while ((index = Interlocked.Increment(ref next)) < requests)
            {
                var request = new GenerationRequest
                {
                    PromptTokens = prompts[index],
                    MaxTokens = options.OutputTokens,
                    IgnoreEos = true,
                    Sampling = new SamplingOptions { Temperature = options.Temperature, Seed = (uint)index },
                };
                try
                {
                    await using var handle = await engine.SubmitAsync(request, cancellationToken).ConfigureAwait(false);
                    await foreach (var _ in handle.Text.ReadAllAsync(cancellationToken).ConfigureAwait(false))
                    {
                        // Drained as a streaming client would.
                    }

                    var result = await handle.Completion.ConfigureAwait(false);
                    lock (samples)
                    {
                        samples.Add((result.TimeToFirstToken, result.Total, result.CompletionTokens));
                    }
                }
                catch (Exception e) when (e is QueueFullException or ContextLengthExceededException or InvalidOperationException)
                {
                    Interlocked.Increment(ref failed);
                }
            }
        }

        await Task.WhenAll(Enumerable.Range(0, options.Concurrency).Select(_ => Task.Run(Client, cancellationToken))).ConfigureAwait(false);
        var elapsed = Stopwatch.GetElapsedTime(started);

        var ttft = samples.Select(s => s.Ttft).Order().ToArray();
        var total = samples.Select(s => s.Total).Order().ToArray();
        var itl = samples.Where(s => s.Tokens > 1).Select(s => (s.Total - s.Ttft) / (s.Tokens - 1)).Order().ToArray();
        var outputTokens = samples.Sum(s => (long)s.Tokens);
        return new EngineBenchmarkResult(
            options.Concurrency,
            options.PromptTokens,
            options.OutputTokens,
            samples.Count,
            failed,
            outputTokens,
            elapsed,
            outputTokens / elapsed.TotalSeconds,
            samples.Count / elapsed.TotalSeconds,
            Percentile(ttft, 0.50),
            Percentile(ttft, 0.95),
            Percentile(itl, 0.50),
            Percentile(total, 0.50),
            Percentile(total, 0.95));
    }

    /// <summary>Exactly <paramref name="length"/> tokens of ordinary text, with a per-request prefix so no two prompts match.</summary>
    public static int[] SyntheticPrompt(IInferenceEngine engine, int index, int length)
    {
        ArgumentNullException.ThrowIfNull(engine);
        var text = $"Request {index}:";
        int[] tokens;
        do
        {
            text += Filler;
            tokens = engine.Tokenize(text, addSpecial: true, parseSpecial: false);
        }
        while (tokens.Length < length);
        return tokens[..length];
    }

    /// <summary>Nearest-rank percentile of sorted values.</summary>
    private static TimeSpan Percentile(TimeSpan[] sorted, double p)
    {
        if (sorted.Length == 0)
        {
            return TimeSpan.Zero;
        }

        var rank = (int)Math.Ceiling(p * sorted.Length) - 1;
        return sorted[Math.Clamp(rank, 0, sorted.Length - 1)];
    }
}
