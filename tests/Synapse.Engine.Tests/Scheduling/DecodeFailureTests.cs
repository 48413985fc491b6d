using LLama.Native;
using Synapse.Engine.Generation;
using Synapse.Engine.Sampling;
using Synapse.Engine.Tests.Infrastructure;

namespace Synapse.Engine.Tests.Scheduling;

public sealed class DecodeFailureTests
{
    [Fact]
    public async Task A_failed_decode_fails_the_requests_in_the_batch_and_the_loop_goes_on()
    {
        await using var engine = await EngineTestHelpers.LoadAsync(Synapse.Testing.TestModels.TinyChatModelPath, parallel: 2);
        var prompt = engine.Tokenize("Hello there", true, false);
        var request = new GenerationRequest { PromptTokens = prompt, MaxTokens = 8, IgnoreEos = true, Sampling = new SamplingOptions { Temperature = 0 } };
        var (expected, _) = await EngineTestHelpers.GenerateAsync(engine, request);

        var failures = 0;
        engine.Loop!.DecodeResultOverride = r => Interlocked.Increment(ref failures) == 1 ? DecodeResult.NoKvSlot : r;
        await using var failing = await engine.SubmitAsync(request, CancellationToken.None);

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => failing.Completion.WaitAsync(EngineTestHelpers.Timeout));
        Assert.Contains("NoKvSlot", error.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<InvalidOperationException>(async () =>
        {
            await foreach (var _ in failing.Text.ReadAllAsync())
            {
            }
        });

        // The slot was freed and the loop still serves, with the same output as before.
        var (text, result) = await EngineTestHelpers.GenerateAsync(engine, request);
        Assert.Equal(expected, text);
        Assert.Equal(8, result.CompletionTokens);
        Assert.Equal(0, engine.GetStats().Running);
    }
}
