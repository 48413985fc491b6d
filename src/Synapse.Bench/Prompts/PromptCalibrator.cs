namespace Synapse.Bench.Prompts;

/// <summary>
/// Finds the word count whose prompt the target counts as the wanted number of tokens. The target's tokenizer is
/// unknown, so it asks the target (<c>countTokens</c>) and searches: a first guess of one token per word after the
/// fixed overhead (template, BOS), then secant steps, then bisection inside the bracket. Token count never falls as
/// words are added, so the search ends either on an exact match or between two neighbours, where the closer one
/// wins (the shorter one on a tie).
/// </summary>
public static class PromptCalibrator
{
    public static async Task<CalibrationResult> CalibrateAsync(
        int targetTokens,
        Func<int, CancellationToken, Task<int>> countTokens,
        CancellationToken cancellationToken,
        int maxProbes = 16)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(targetTokens, 1);
        var probed = new SortedDictionary<int, int>();

        async Task<int> Probe(int words)
        {
            if (!probed.TryGetValue(words, out var tokens))
            {
                tokens = await countTokens(words, cancellationToken).ConfigureAwait(false);
                probed[words] = tokens;
            }

            return tokens;
        }

        var one = await Probe(1).ConfigureAwait(false);
        if (one >= targetTokens)
        {
            return new CalibrationResult(1, one, probed.Count);
        }

        var next = Math.Clamp(targetTokens - one + 1, 2, Math.Max(2, targetTokens));
        while (probed.Count < maxProbes)
        {
            var tokens = await Probe(next).ConfigureAwait(false);
            if (tokens == targetTokens)
            {
                return new CalibrationResult(next, tokens, probed.Count);
            }

            var (lo, tLo) = probed.Where(p => p.Value < targetTokens).Select(p => (p.Key, p.Value)).Last();
            var above = probed.Where(p => p.Value > targetTokens).Select(p => (p.Key, p.Value)).ToList();
            if (above.Count == 0)
            {
                // Everything so far is short: extrapolate from the slope between the first and the longest probe.
                var slope = Math.Max((tLo - one) / (double)(lo - 1), 0.05);
                next = lo + Math.Max(1, (int)Math.Ceiling((targetTokens - tLo) / slope));
                continue;
            }

            var (hi, tHi) = above[0];
            if (hi == lo + 1)
            {
                break;
            }

            var guess = lo + (int)Math.Round((targetTokens - tLo) * (hi - lo) / (double)(tHi - tLo));
            next = probed.ContainsKey(guess) || guess <= lo || guess >= hi ? lo + ((hi - lo) / 2) : guess;
        }

        var best = probed
            .OrderBy(p => Math.Abs(p.Value - targetTokens))
            .ThenBy(p => p.Value > targetTokens ? 1 : 0)
            .First();
        return new CalibrationResult(best.Key, best.Value, probed.Count);
    }
}
