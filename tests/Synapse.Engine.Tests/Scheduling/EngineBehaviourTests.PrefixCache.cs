using Synapse.Engine.Generation;
using Synapse.Engine.Tests.Infrastructure;

namespace Synapse.Engine.Tests.Scheduling;

/// <summary>
/// The prefix cache on each test model: the same greedy text as without it, and exactly the common prefix reused.
/// Every reference text comes from an engine with the cache off.
/// </summary>
public abstract partial class EngineBehaviourTests
{
    [Fact]
    public async Task Prefix_cache_reuses_exactly_the_common_prefix_and_changes_no_greedy_output()
    {
        await using var cached = await EngineTestHelpers.LoadAsync(ModelPath, parallel: 2);
        await using var plain = await EngineTestHelpers.LoadAsync(ModelPath, parallel: 2, prefixCache: false);
        var basePrompt = cached.Tokenize(Prompts[3], addSpecial: true, parseSpecial: false);
        // Two different tokens of the model's own vocabulary as diverging continuations.
        int[] yes = [basePrompt[^1]];
        int[] no = [basePrompt.First(t => t != yes[0])];
        // An edit halfway, so the common prefix is well above the similarity the slot is chosen by.
        var editAt = basePrompt.Length / 2;
        var edited = basePrompt.ToArray();
        edited[editAt] = edited[editAt] == yes[0] ? no[0] : yes[0];

        // Each prompt follows the first one in the same slot (the other slot stays empty or holds less).
        (string Name, int[] Prompt, int Expected)[] cases =
        [
            ("divergent suffix", [.. basePrompt, .. no], basePrompt.Length),
            ("shorter prompt", basePrompt[..^3], basePrompt.Length - 4),
            ("edited earlier message", [.. edited, .. yes], editAt),
            ("same prompt again", [.. basePrompt, .. yes], basePrompt.Length + yes.Length - 1),
        ];
        foreach (var (name, prompt, expected) in cases)
        {
            var (firstText, firstResult) = await EngineTestHelpers.GenerateAsync(cached, Greedy([.. basePrompt, .. yes], 12));
            var (text, result) = await EngineTestHelpers.GenerateAsync(cached, Greedy(prompt, 12));

            Assert.Equal((await EngineTestHelpers.GenerateAsync(plain, Greedy([.. basePrompt, .. yes], 12))).Text, firstText);
            Assert.Equal((await EngineTestHelpers.GenerateAsync(plain, Greedy(prompt, 12))).Text, text);
            Assert.True(expected == result.CachedTokens, $"{name}: {result.CachedTokens} cached tokens, expected {expected}");
            Assert.Equal(prompt.Length, result.PromptTokens);
            Assert.True(firstResult.CachedTokens <= basePrompt.Length + yes.Length - 1);
        }

        Assert.Equal(0, plain.GetStats().CachedPromptTokensTotal);
    }

    [Fact]
    public async Task Prefix_cache_gives_the_same_greedy_text_for_batched_multi_turn_conversations()
    {
        await using var cached = await EngineTestHelpers.LoadAsync(ModelPath, parallel: 4, prefillChunk: 7);
        await using var plain = await EngineTestHelpers.LoadAsync(ModelPath, parallel: 4, prefillChunk: 7, prefixCache: false);
        var suffix = cached.Tokenize(" and then", addSpecial: false, parseSpecial: false);
        var first = Prompts.Select(p => cached.Tokenize(p, true, false)).ToArray();
        var second = first.Select(p => (int[])[.. p, .. suffix, .. p[1..]]).ToArray();

        async Task<(string Text, GenerationResult Result)[]> Turn(IInferenceEngine engine, int[][] prompts) =>
            await Task.WhenAll(prompts.Select(p => EngineTestHelpers.GenerateAsync(engine, Greedy(p, 16))));

        // All four first turns run side by side, one a slot. Submitted freely, a tiny model can finish one before the
        // next is submitted, and the next then rightly takes that slot (its prompt shares the first token, above the
        // slot similarity), leaving a conversation nothing to find at its second turn: the loop is held in the first
        // request's first decode until the others are queued.
        async Task<(string Text, GenerationResult Result)[]> Together(LlamaInferenceEngine engine, int[][] prompts)
        {
            using var gate = new LoopGate(engine);
            gate.Arm();
            var head = EngineTestHelpers.GenerateAsync(engine, Greedy(prompts[0], 16));
            await gate.WaitHeldAsync();
            // Submitting is synchronous: every request is queued when its task is returned.
            var rest = prompts[1..].Select(p => EngineTestHelpers.GenerateAsync(engine, Greedy(p, 16))).ToArray();
            gate.Release();
            return await Task.WhenAll([head, .. rest]);
        }

        var cachedFirst = await Together(cached, first);
        var cachedSecond = await Turn(cached, second);
        var plainFirst = await Turn(plain, first);
        var plainSecond = await Turn(plain, second);

        Assert.Equal(plainFirst.Select(r => r.Text), cachedFirst.Select(r => r.Text));
        Assert.Equal(plainSecond.Select(r => r.Text), cachedSecond.Select(r => r.Text));
        for (var i = 0; i < second.Length; i++)
        {
            // Each conversation's second turn found its first turn in the slot it had left (second turns take the slot
            // sharing the longest prefix, so they need no holding: each one's own slot wins whatever the order).
            Assert.InRange(cachedSecond[i].Result.CachedTokens, first[i].Length, second[i].Length - 1);
            Assert.Equal(0, plainSecond[i].Result.CachedTokens);
        }
    }

    [Fact]
    public async Task Host_tier_restores_a_saved_state_with_the_same_greedy_text()
    {
        await using var cached = await EngineTestHelpers.LoadAsync(ModelPath, parallel: 1, cacheRamMb: 64);
        await using var plain = await EngineTestHelpers.LoadAsync(ModelPath, parallel: 1, prefixCache: false);
        var story = cached.Tokenize(string.Join(' ', Prompts), addSpecial: true, parseSpecial: false);
        var other = cached.Tokenize("Hello there, how are you?", addSpecial: true, parseSpecial: false);
        Assert.True(story.Length >= 40, "the saved sequence is long enough to keep");

        await EngineTestHelpers.GenerateAsync(cached, Greedy(story, 8));
        // The only slot is taken for an unrelated prompt: the story's state goes to RAM.
        var (_, otherResult) = await EngineTestHelpers.GenerateAsync(cached, Greedy(other, 8));
        var saved = cached.GetStats();
        Assert.True(otherResult.CachedTokens <= 1);
        Assert.Equal(1, saved.HostCacheEntries);
        Assert.InRange(saved.HostCacheBytes, 1, 64L << 20);

        var (text, result) = await EngineTestHelpers.GenerateAsync(cached, Greedy(story, 8));

        Assert.Equal(story.Length - 1, result.CachedTokens);
        Assert.Equal((await EngineTestHelpers.GenerateAsync(plain, Greedy(story, 8))).Text, text);
        var restored = cached.GetStats();
        Assert.Equal(1, restored.HostCacheRestores);
        // The restored state left RAM; the unrelated prompt's sequence was too short to be worth keeping.
        Assert.Equal((0, 0L, 0L), (restored.HostCacheEntries, restored.HostCacheBytes, restored.HostCacheEvictions));
    }

    [Fact]
    public async Task Without_host_memory_a_replaced_slot_is_read_again()
    {
        await using var engine = await EngineTestHelpers.LoadAsync(ModelPath, parallel: 1, cacheRamMb: 0);
        var story = engine.Tokenize(string.Join(' ', Prompts), addSpecial: true, parseSpecial: false);
        var other = engine.Tokenize("Hello there, how are you?", addSpecial: true, parseSpecial: false);

        await EngineTestHelpers.GenerateAsync(engine, Greedy(story, 4));
        await EngineTestHelpers.GenerateAsync(engine, Greedy(other, 4));
        var (_, result) = await EngineTestHelpers.GenerateAsync(engine, Greedy(story, 4));

        Assert.True(result.CachedTokens <= 1);
        Assert.Equal(0, engine.GetStats().HostCacheBytes);
    }
}
