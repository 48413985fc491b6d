using Synapse.Engine.Generation;
using Synapse.Engine.Sampling;
using Synapse.Engine.Tests.Infrastructure;

namespace Synapse.Engine.Tests.Scheduling;

/// <summary>
/// Scheduler and generation behaviour, run against each test model by a subclass. Nothing here is timed: only
/// tokens, texts, finish reasons and counts are asserted.
/// </summary>
public abstract partial class EngineBehaviourTests
{
    protected abstract string ModelPath { get; }

    private static readonly string[] Prompts =
    [
        "Once upon a time",
        "The little dog ran to the park and",
        "Hello",
        "She looked at the sky. It was blue and the sun was shining, so she",
    ];

    private static GenerationRequest Greedy(int[] prompt, int maxTokens, bool ignoreEos = true) => new()
    {
        PromptTokens = prompt,
        MaxTokens = maxTokens,
        IgnoreEos = ignoreEos,
        Sampling = new SamplingOptions { Temperature = 0 },
    };

    [Fact]
    public async Task Greedy_generation_is_deterministic()
    {
        await using var engine = await EngineTestHelpers.LoadAsync(ModelPath);
        var prompt = engine.Tokenize(Prompts[0], addSpecial: true, parseSpecial: false);

        var (first, firstResult) = await EngineTestHelpers.GenerateAsync(engine, Greedy(prompt, 32));
        var (second, secondResult) = await EngineTestHelpers.GenerateAsync(engine, Greedy(prompt, 32));

        Assert.Equal(first, second);
        Assert.NotEmpty(first);
        Assert.Equal(prompt.Length, firstResult.PromptTokens);
        Assert.Equal(32, firstResult.CompletionTokens);
        Assert.Equal(FinishReason.Length, secondResult.FinishReason);
    }

    [Fact]
    public async Task Concurrent_batching_gives_the_same_greedy_text_as_running_alone()
    {
        // A small prefill chunk makes prompts arrive in pieces, mixed with other sequences' decode tokens.
        await using var engine = await EngineTestHelpers.LoadAsync(ModelPath, parallel: 4, prefillChunk: 5);
        var prompts = Prompts.Select(p => engine.Tokenize(p, true, false)).ToArray();

        var alone = new List<string>();
        foreach (var prompt in prompts)
        {
            alone.Add((await EngineTestHelpers.GenerateAsync(engine, Greedy(prompt, 24))).Text);
        }

        // All at once, twice as many as slots so sequences also start while others are mid-generation.
        var together = await Task.WhenAll(prompts.Concat(prompts).Select(p => EngineTestHelpers.GenerateAsync(engine, Greedy(p, 24))));

        for (var i = 0; i < together.Length; i++)
        {
            Assert.Equal(alone[i % prompts.Length], together[i].Text);
            Assert.Equal(24, together[i].Result.CompletionTokens);
        }
    }

    [Fact]
    public async Task The_same_seed_gives_the_same_text_alone_and_alongside_other_requests()
    {
        await using var engine = await EngineTestHelpers.LoadAsync(ModelPath, parallel: 4);
        var prompt = engine.Tokenize(Prompts[1], true, false);
        GenerationRequest Seeded(uint seed) => new()
        {
            PromptTokens = prompt,
            MaxTokens = 24,
            IgnoreEos = true,
            Sampling = new SamplingOptions { Temperature = 0.8f, Seed = seed },
        };

        var (first, _) = await EngineTestHelpers.GenerateAsync(engine, Seeded(42));
        var (second, _) = await EngineTestHelpers.GenerateAsync(engine, Seeded(42));
        Assert.Equal(first, second);

        var concurrent = await Task.WhenAll(
            EngineTestHelpers.GenerateAsync(engine, Seeded(7)),
            EngineTestHelpers.GenerateAsync(engine, Seeded(42)),
            EngineTestHelpers.GenerateAsync(engine, Seeded(9)));
        Assert.Equal(first, concurrent[1].Text);

        // Different seeds explore differently (24 tokens at temperature 0.8 all alike would mean the seed is ignored).
        var others = new[] { concurrent[0].Text, concurrent[2].Text };
        Assert.Contains(others, t => t != first);
    }

    [Fact]
    public async Task Max_tokens_ends_with_length_after_exactly_that_many_tokens()
    {
        await using var engine = await EngineTestHelpers.LoadAsync(ModelPath);
        var prompt = engine.Tokenize(Prompts[2], true, false);
        foreach (var max in new[] { 1, 2, 17 })
        {
            var (_, result) = await EngineTestHelpers.GenerateAsync(engine, Greedy(prompt, max));
            Assert.Equal(FinishReason.Length, result.FinishReason);
            Assert.Equal(max, result.CompletionTokens);
        }
    }

    [Fact]
    public async Task Without_max_tokens_generation_stops_when_the_context_is_full()
    {
        await using var engine = await EngineTestHelpers.LoadAsync(ModelPath, contextSize: 64);
        var prompt = engine.Tokenize(Prompts[3], true, false);
        var request = new GenerationRequest { PromptTokens = prompt, IgnoreEos = true, Sampling = new SamplingOptions { Temperature = 0 } };

        var (_, result) = await EngineTestHelpers.GenerateAsync(engine, request);

        Assert.Equal(FinishReason.Length, result.FinishReason);
        Assert.Equal(64, result.PromptTokens + result.CompletionTokens);
    }

    [Fact]
    public async Task Max_tokens_zero_finishes_at_once_with_no_output()
    {
        await using var engine = await EngineTestHelpers.LoadAsync(ModelPath);
        var prompt = engine.Tokenize(Prompts[0], true, false);
        var (text, result) = await EngineTestHelpers.GenerateAsync(engine, Greedy(prompt, 0));
        Assert.Equal("", text);
        Assert.Equal(FinishReason.Length, result.FinishReason);
        Assert.Equal(0, result.CompletionTokens);
        Assert.Equal(prompt.Length, result.PromptTokens);
    }

    [Fact]
    public async Task A_stop_string_ends_the_text_before_it()
    {
        await using var engine = await EngineTestHelpers.LoadAsync(ModelPath);
        var prompt = engine.Tokenize(Prompts[0], true, false);
        var (full, _) = await EngineTestHelpers.GenerateAsync(engine, Greedy(prompt, 48));

        // A stop taken from the middle of the greedy text: the same run must end right before its first occurrence.
        var stop = PickStop(full);
        var (text, result) = await EngineTestHelpers.GenerateAsync(engine, Greedy(prompt, 48) with { Stop = ["\u0001never", stop] });

        Assert.Equal(full[..full.IndexOf(stop, StringComparison.Ordinal)], text);
        Assert.Equal(FinishReason.Stop, result.FinishReason);
        Assert.True(result.CompletionTokens < 48);
        Assert.DoesNotContain(stop, text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Text_held_back_for_a_partial_stop_is_released_when_the_stop_does_not_follow()
    {
        await using var engine = await EngineTestHelpers.LoadAsync(ModelPath);
        var prompt = engine.Tokenize(Prompts[0], true, false);
        var (full, _) = await EngineTestHelpers.GenerateAsync(engine, Greedy(prompt, 48));

        // Starts like text that occurs, then diverges: everything must still come out.
        var stop = PickStop(full) + "\u0002";
        var (text, result) = await EngineTestHelpers.GenerateAsync(engine, Greedy(prompt, 48) with { Stop = [stop] });

        Assert.Equal(full, text);
        Assert.Equal(FinishReason.Length, result.FinishReason);
    }

    [Fact]
    public async Task End_of_generation_stops_unless_ignore_eos()
    {
        await using var engine = await EngineTestHelpers.LoadAsync(ModelPath, parallel: 1);
        var prompt = engine.Tokenize(Prompts[0], true, false);
        GenerationRequest Hot(uint seed, bool ignoreEos) => new()
        {
            PromptTokens = prompt,
            MaxTokens = 120,
            IgnoreEos = ignoreEos,
            Sampling = new SamplingOptions { Temperature = 1.5f, Seed = seed },
        };

        // Look for a seed whose sample hits an end-of-generation token (deterministic: the seeds are fixed). One at a
        // time, because batched decoding may differ from a lone one in the last float bits, which can flip a draw.
        (uint Seed, string Text, GenerationResult Result)? stopped = null;
        for (uint candidate = 1; candidate <= 200 && stopped is null; candidate++)
        {
            var run = await EngineTestHelpers.GenerateAsync(engine, Hot(candidate, ignoreEos: false));
            if (run.Result.FinishReason == FinishReason.Stop)
            {
                stopped = (candidate, run.Text, run.Result);
            }
        }

        Assert.True(stopped is not null, "no seed produced an end-of-generation token");
        var (seed, stoppedText, stoppedResult) = stopped!.Value;
        Assert.True(stoppedResult.CompletionTokens < 120);

        var (ignoredText, ignoredResult) = await EngineTestHelpers.GenerateAsync(engine, Hot(seed, ignoreEos: true));
        Assert.Equal(FinishReason.Length, ignoredResult.FinishReason);
        Assert.Equal(120, ignoredResult.CompletionTokens);
        // Bytes of an unfinished character at the end-of-generation token were flushed as U+FFFD; past it they may complete.
        Assert.True(ignoredText.StartsWith(stoppedText.TrimEnd('\uFFFD'), StringComparison.Ordinal), $"seed {seed}: stopped [{stoppedText}] ({stoppedResult.CompletionTokens}) vs ignored [{ignoredText}]");
    }

    [Fact]
    public async Task Cancelling_a_running_request_frees_its_slot_for_the_next_one()
    {
        await using var engine = await EngineTestHelpers.LoadAsync(ModelPath, parallel: 1, contextSize: 512);
        var prompt = engine.Tokenize(Prompts[0], true, false);
        using var cancel = new CancellationTokenSource();
        using var gate = new LoopGate(engine);
        var longOne = await engine.SubmitAsync(Greedy(prompt, 480), cancel.Token);
        await gate.HoldAsync();
        var next = await engine.SubmitAsync(Greedy(prompt, 5), CancellationToken.None);

        // The first holds the only slot (the loop is paused in its decode); the second waits.
        using var timeout = new CancellationTokenSource(EngineTestHelpers.Timeout);
        Assert.False(next.Completion.IsCompleted);
        Assert.Equal(1, engine.GetStats().Waiting);

        await cancel.CancelAsync();
        gate.Release();
        var cancelled = await longOne.Completion.WaitAsync(timeout.Token);
        Assert.Equal(FinishReason.Cancelled, cancelled.FinishReason);
        Assert.True(cancelled.CompletionTokens < 480);

        var (_, nextResult) = await EngineTestHelpers.CollectAsync(next);
        Assert.Equal(FinishReason.Length, nextResult.FinishReason);
        Assert.Equal(5, nextResult.CompletionTokens);
        Assert.Equal(0, engine.GetStats().Running);
        await longOne.DisposeAsync();
        await next.DisposeAsync();
    }

    [Fact]
    public async Task Disposing_the_handle_cancels_and_a_waiting_request_can_be_cancelled_in_the_queue()
    {
        await using var engine = await EngineTestHelpers.LoadAsync(ModelPath, parallel: 1, contextSize: 512);
        var prompt = engine.Tokenize(Prompts[0], true, false);
        using var timeout = new CancellationTokenSource(EngineTestHelpers.Timeout);
        using var gate = new LoopGate(engine);
        var running = await engine.SubmitAsync(Greedy(prompt, 480), CancellationToken.None);
        await gate.HoldAsync();
        using var cancelWaiting = new CancellationTokenSource();
        var waiting = await engine.SubmitAsync(Greedy(prompt, 480), cancelWaiting.Token);

        await cancelWaiting.CancelAsync();
        var waitingResult = await waiting.Completion.WaitAsync(timeout.Token);
        Assert.Equal(FinishReason.Cancelled, waitingResult.FinishReason);
        Assert.Equal(0, waitingResult.CompletionTokens);
        Assert.Equal(0, engine.GetStats().Waiting);

        await running.DisposeAsync();
        gate.Release();
        var runningResult = await running.Completion.WaitAsync(timeout.Token);
        Assert.Equal(FinishReason.Cancelled, runningResult.FinishReason);

        // The engine still serves afterwards.
        var (_, after) = await EngineTestHelpers.GenerateAsync(engine, Greedy(prompt, 3));
        Assert.Equal(3, after.CompletionTokens);
        await waiting.DisposeAsync();
    }

    [Fact]
    public async Task A_full_queue_refuses_with_queue_full()
    {
        await using var engine = await EngineTestHelpers.LoadAsync(ModelPath, parallel: 1, contextSize: 512, queueSize: 1);
        var prompt = engine.Tokenize(Prompts[0], true, false);
        using var gate = new LoopGate(engine);
        await using var first = await engine.SubmitAsync(Greedy(prompt, 480), CancellationToken.None);
        await gate.HoldAsync();
        await using var second = await engine.SubmitAsync(Greedy(prompt, 480), CancellationToken.None);

        var error = await Assert.ThrowsAsync<QueueFullException>(async () => await engine.SubmitAsync(Greedy(prompt, 4), CancellationToken.None));
        Assert.Equal(1, error.QueueSize);

        // Room again once one leaves.
        await first.DisposeAsync();
        gate.Release();
        await first.Completion.WaitAsync(EngineTestHelpers.Timeout);
        // The loop admits the waiting request at its next step, not at once: until then the queue is still full.
        var deadline = DateTime.UtcNow + EngineTestHelpers.Timeout;
        while (engine.GetStats().Waiting > 0 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(5);
        }

        await using var third = await engine.SubmitAsync(Greedy(prompt, 4), CancellationToken.None);
        await second.DisposeAsync();
        var (_, result) = await EngineTestHelpers.CollectAsync(third);
        Assert.Equal(4, result.CompletionTokens);
    }

    [Fact]
    public async Task A_prompt_that_does_not_fit_is_refused_with_the_numbers()
    {
        await using var engine = await EngineTestHelpers.LoadAsync(ModelPath, contextSize: 64);
        var prompt = engine.Tokenize(string.Join(' ', Enumerable.Repeat("Once upon a time there was a dog.", 20)), true, false);
        Assert.True(prompt.Length > 64);

        var tooLong = await Assert.ThrowsAsync<ContextLengthExceededException>(async () => await engine.SubmitAsync(Greedy(prompt, 10), CancellationToken.None));
        Assert.Equal(64, tooLong.ContextSize);
        Assert.Equal(prompt.Length, tooLong.PromptTokens);
        Assert.Equal(10, tooLong.RequestedTokens);
        Assert.Contains("64", tooLong.Message, StringComparison.Ordinal);

        var fits = prompt[..60];
        var withOutput = await Assert.ThrowsAsync<ContextLengthExceededException>(async () => await engine.SubmitAsync(Greedy(fits, 5), CancellationToken.None));
        Assert.Equal(60, withOutput.PromptTokens);
        Assert.Equal(5, withOutput.RequestedTokens);

        var (_, result) = await EngineTestHelpers.GenerateAsync(engine, Greedy(fits, 4));
        Assert.Equal(4, result.CompletionTokens);
    }

    [Fact]
    public async Task Bad_requests_are_caller_bugs_and_take_no_slot()
    {
        // User input is checked at the HTTP edge; what reaches the engine unchecked is a programming error.
        await using var engine = await EngineTestHelpers.LoadAsync(ModelPath);
        var prompt = engine.Tokenize(Prompts[0], true, false);
        await Assert.ThrowsAsync<InvalidOperationException>(async () => await engine.SubmitAsync(Greedy([], 4), CancellationToken.None));
        await Assert.ThrowsAsync<InvalidOperationException>(async () => await engine.SubmitAsync(Greedy([1, engine.Model.VocabularySize], 4), CancellationToken.None));
        await Assert.ThrowsAsync<InvalidOperationException>(async () => await engine.SubmitAsync(Greedy([-1], 4), CancellationToken.None));
        await Assert.ThrowsAsync<InvalidOperationException>(async () => await engine.SubmitAsync(Greedy(prompt, 4) with { Stop = ["a", "b", "c", "d", "e"] }, CancellationToken.None));
        await Assert.ThrowsAsync<InvalidOperationException>(async () => await engine.SubmitAsync(Greedy(prompt, 4) with { Stop = [""] }, CancellationToken.None));
        await Assert.ThrowsAsync<InvalidOperationException>(async () => await engine.SubmitAsync(Greedy(prompt, -1), CancellationToken.None));
        await Assert.ThrowsAsync<InvalidOperationException>(async () => await engine.SubmitAsync(Greedy(prompt, 4) with { Sampling = new SamplingOptions { TopP = 1.5f } }, CancellationToken.None));
        await Assert.ThrowsAsync<InvalidOperationException>(async () => await engine.SubmitAsync(Greedy(prompt, 4) with { Sampling = new SamplingOptions { RepetitionPenalty = float.PositiveInfinity } }, CancellationToken.None));
        var stats = engine.GetStats();
        Assert.Equal((0, 0), (stats.Running, stats.Waiting));
    }

    [Fact]
    public async Task Top_p_zero_keeps_the_most_likely_token()
    {
        // OpenAI accepts top_p 0; llama.cpp's top-p keeps at least one token, so it draws what greedy picks.
        await using var engine = await EngineTestHelpers.LoadAsync(ModelPath);
        var prompt = engine.Tokenize(Prompts[0], true, false);
        var (greedy, _) = await EngineTestHelpers.GenerateAsync(engine, Greedy(prompt, 8));
        var (topP0, _) = await EngineTestHelpers.GenerateAsync(engine, Greedy(prompt, 8) with { Sampling = new SamplingOptions { Temperature = 1.5f, TopP = 0, Seed = 7 } });
        Assert.Equal(greedy, topP0);
    }

    [Fact]
    public async Task Stats_follow_the_work()
    {
        await using var engine = await EngineTestHelpers.LoadAsync(ModelPath, parallel: 2, contextSize: 512);
        var before = engine.GetStats();
        Assert.Equal(2, before.Slots);
        Assert.Equal(1024, before.KvCacheCapacityTokens);
        Assert.Equal(0, before.KvCacheUsedTokens);

        var prompt = engine.Tokenize(Prompts[1], true, false);

        // Hold the loop inside its second decode, so the request is surely running, whatever the machine's speed.
        using var inSecondStep = new SemaphoreSlim(0);
        using var release = new SemaphoreSlim(0);
        var steps = 0;
        engine.Loop!.DecodeResultOverride = r =>
        {
            if (++steps == 2)
            {
                inSecondStep.Release();
                release.Wait(EngineTestHelpers.Timeout);
            }

            return r;
        };
        await using var handle = await engine.SubmitAsync(Greedy(prompt, 400), CancellationToken.None);
        using var timeout = new CancellationTokenSource(EngineTestHelpers.Timeout);
        await inSecondStep.WaitAsync(timeout.Token);
        var during = engine.GetStats();
        engine.Loop.DecodeResultOverride = null;
        release.Release();

        Assert.Equal(1, during.Running);
        Assert.Equal(0, during.Waiting);
        // The first step read the whole prompt; its first sampled token is not in the cache yet.
        Assert.Equal(prompt.Length, during.KvCacheUsedTokens);
        await handle.DisposeAsync();
        await handle.Completion.WaitAsync(timeout.Token);

        await EngineTestHelpers.GenerateAsync(engine, Greedy(prompt, 6));
        // A request completes before the loop publishes the stats of the step that freed its slot: wait for that step.
        var after = engine.GetStats();
        var deadline = DateTime.UtcNow + EngineTestHelpers.Timeout;
        while ((after.Running > 0 || after.KvCacheUsedTokens > 0) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(5);
            after = engine.GetStats();
        }

        Assert.Equal(0, after.Running);
        Assert.Equal(0, after.Waiting);
        Assert.Equal(0, after.KvCacheUsedTokens);
        // The second request found its whole prompt in the cancelled one's slot: only its last token was read again.
        Assert.Equal(prompt.Length + 1L, after.PromptTokensTotal - before.PromptTokensTotal);
        Assert.Equal(prompt.Length - 1L, after.CachedPromptTokensTotal - before.CachedPromptTokensTotal);
        Assert.Equal(1, after.PrefixCacheHits - before.PrefixCacheHits);
        Assert.True(after.GenerationTokensTotal - before.GenerationTokensTotal >= 7);
        Assert.True(after.DecodeSteps > before.DecodeSteps);
    }

    [Fact]
    public async Task Tokenize_and_detokenize_round_trip()
    {
        await using var engine = await EngineTestHelpers.LoadAsync(ModelPath);
        var tokens = engine.Tokenize("The little dog", addSpecial: false, parseSpecial: false);
        Assert.NotEmpty(tokens);
        Assert.Equal("The little dog", engine.Detokenize(tokens).TrimStart());
        var withBos = engine.Tokenize("The little dog", addSpecial: true, parseSpecial: false);
        Assert.Equal(engine.Model.AddBos ? tokens.Length + 1 : tokens.Length, withBos.Length);
    }

    /// <summary>A short piece from the middle of <paramref name="text"/> whose first occurrence is not at the start.</summary>
    private static string PickStop(string text)
    {
        for (var start = text.Length / 3; start < text.Length - 3; start++)
        {
            var candidate = text.Substring(start, 3);
            var first = text.IndexOf(candidate, StringComparison.Ordinal);
            if (first > 0 && candidate.Trim().Length == 3)
            {
                return candidate;
            }
        }

        Assert.Fail($"no usable stop string in '{text}'");
        return "";
    }
}
