namespace Synapse.TestModels;

/// <summary>
/// A small, deterministic BPE trainer: learns merges from word counts, most frequent pair first (ties broken by
/// ordinal order), then, when the corpus runs out of pairs, adds synthetic merges that join existing tokens so the
/// vocabulary reaches any size while every merge stays valid (both halves exist before the merge that joins them).
/// </summary>
internal static class BpeTrainer
{
    /// <summary>Learns merges until <paramref name="newTokens"/> new tokens exist; returns them in rank order.</summary>
    public static List<(string Left, string Right)> Learn(
        IReadOnlyDictionary<string[], int> words, HashSet<string> vocabulary, List<string> created, int newTokens, IReadOnlyList<string> fillSuffixes)
    {
        var merges = new List<(string Left, string Right)>();
        var wordList = words.Select(w => (Symbols: new List<string>(w.Key), w.Value)).ToList();
        var added = 0;

        while (added < newTokens)
        {
            var counts = new Dictionary<(string, string), int>();
            foreach (var (symbols, count) in wordList)
            {
                for (var i = 0; i + 1 < symbols.Count; i++)
                {
                    var pair = (symbols[i], symbols[i + 1]);
                    counts[pair] = counts.GetValueOrDefault(pair) + count;
                }
            }

            (string Left, string Right)? best = null;
            var bestCount = 1;
            foreach (var (pair, count) in counts)
            {
                var joined = pair.Item1 + pair.Item2;
                if (vocabulary.Contains(joined))
                {
                    continue;
                }

                if (count > bestCount || (count == bestCount && best is { } b && Compare(pair, b) < 0))
                {
                    best = pair;
                    bestCount = count;
                }
            }

            if (best is not { } merge)
            {
                break;
            }

            var token = merge.Left + merge.Right;
            merges.Add(merge);
            vocabulary.Add(token);
            created.Add(token);
            added++;
            foreach (var (symbols, _) in wordList)
            {
                for (var i = 0; i + 1 < symbols.Count; i++)
                {
                    if (symbols[i] == merge.Left && symbols[i + 1] == merge.Right)
                    {
                        symbols[i] = token;
                        symbols.RemoveAt(i + 1);
                    }
                }
            }
        }

        // The corpus is exhausted: join each token made so far (oldest first, including the new ones) with each
        // suffix, which gives valid merges and as many tokens as needed.
        for (var i = 0; added < newTokens; i++)
        {
            var left = created[i];
            foreach (var suffix in fillSuffixes)
            {
                if (added == newTokens)
                {
                    break;
                }

                var token = left + suffix;
                if (vocabulary.Add(token))
                {
                    merges.Add((left, suffix));
                    created.Add(token);
                    added++;
                }
            }
        }

        return merges;
    }

    private static int Compare((string, string) a, (string, string) b)
    {
        var c = string.CompareOrdinal(a.Item1, b.Item1);
        return c != 0 ? c : string.CompareOrdinal(a.Item2, b.Item2);
    }
}
