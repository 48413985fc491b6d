using Synapse.Bench.Prompts;

namespace Synapse.Bench.Tests.Prompts;

public sealed class PromptCalibratorTests
{
    private static async Task<(CalibrationResult Result, int Calls)> Calibrate(int target, Func<int, int> tokens)
    {
        var calls = 0;
        var result = await PromptCalibrator.CalibrateAsync(
            target,
            (words, _) =>
            {
                calls++;
                Assert.InRange(words, 1, 100_000);
                return Task.FromResult(tokens(words));
            },
            CancellationToken.None);
        return (result, calls);
    }

    [Theory]
    [InlineData(128)]
    [InlineData(8)]
    [InlineData(2000)]
    public async Task One_token_per_word_plus_a_template_is_hit_exactly(int target)
    {
        var (result, _) = await Calibrate(target, w => w + 7);
        Assert.Equal(target, result.Tokens);
        Assert.Equal(target - 7, result.Words);
    }

    [Theory]
    [InlineData(128)]
    [InlineData(129)]
    [InlineData(1000)]
    public async Task Several_tokens_per_word_converge_within_the_probe_budget(int target)
    {
        // 1.3 tokens a word on average, as English with a BPE tokenizer; some counts cannot be hit exactly.
        static int Tokens(int w) => 11 + (int)Math.Ceiling(w * 1.3);
        var (result, calls) = await Calibrate(target, Tokens);

        Assert.InRange(calls, 1, 16);
        Assert.Equal(Tokens(result.Words), result.Tokens);
        var bestPossible = Enumerable.Range(1, target).Min(w => Math.Abs(Tokens(w) - target));
        Assert.Equal(bestPossible, Math.Abs(result.Tokens - target));
    }

    [Fact]
    public async Task An_unreachable_count_picks_the_closest_and_the_shorter_on_a_tie()
    {
        // Two tokens a word: odd targets fall between two word counts.
        var (result, _) = await Calibrate(101, w => 2 * w + 4);
        Assert.Equal(100, result.Tokens);
        Assert.Equal(48, result.Words);
    }

    [Fact]
    public async Task An_overhead_above_the_target_gives_one_word_and_says_so()
    {
        var (result, calls) = await Calibrate(5, w => 20 + w);
        Assert.Equal((1, 21), (result.Words, result.Tokens));
        Assert.Equal(1, calls);
    }

    [Fact]
    public async Task Byte_level_tokenizers_with_many_tokens_per_word_converge()
    {
        static int Tokens(int w) => 3 + (w * 5) - (w / 3);
        var (result, _) = await Calibrate(512, Tokens);
        var bestPossible = Enumerable.Range(1, 512).Min(w => Math.Abs(Tokens(w) - 512));
        Assert.Equal(bestPossible, Math.Abs(result.Tokens - 512));
    }
}
