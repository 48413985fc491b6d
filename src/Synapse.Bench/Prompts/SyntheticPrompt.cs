namespace Synapse.Bench.Prompts;

/// <summary>
/// Builds prompts of a chosen number of common English words. Every request gets its own order of the same
/// words (the first word stays put), so a server's prefix cache cannot reuse one request's prompt for the next,
/// while the token count stays what calibration measured: tokenizers split on spaces, so a permutation of
/// space-separated words tokenizes to the same count.
/// </summary>
public sealed class SyntheticPrompt
{
    private static readonly string[] Vocabulary =
    [
        "time", "year", "people", "way", "day", "man", "thing", "woman", "life", "child", "world", "school",
        "state", "family", "student", "group", "country", "problem", "hand", "part", "place", "case", "week",
        "company", "system", "program", "question", "work", "government", "number", "night", "point", "home",
        "water", "room", "mother", "area", "money", "story", "fact", "month", "lot", "right", "study", "book",
        "eye", "job", "word", "business", "issue", "side", "kind", "head", "house", "service", "friend", "father",
        "power", "hour", "game", "line", "end", "member", "law", "car", "city", "name", "team", "minute", "idea",
        "kid", "body", "information", "back", "parent", "face", "others", "level", "office", "door", "health",
        "person", "art", "war", "history", "party", "result", "change", "morning", "reason", "research", "girl",
        "guy", "moment", "air", "teacher", "force", "education", "good", "new", "first", "last", "long", "great",
        "little", "own", "other", "old", "big", "high", "different", "small", "large", "next", "early", "young",
        "important", "few", "public", "bad", "same", "able", "make", "know", "take", "see", "come", "think",
        "look", "want", "give", "use", "find", "tell", "ask", "seem", "feel", "try", "leave", "call",
    ];

    private const string FirstWord = "Consider";
    private readonly List<string> _words = [FirstWord];

    /// <summary>A prompt of <paramref name="words"/> words; <paramref name="variant"/> 0 is the calibrated order.</summary>
    public string Build(int words, int variant)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(words, 1);
        string[] chosen;
        lock (_words)
        {
            while (_words.Count < words)
            {
                _words.Add(Vocabulary[Mix(_words.Count) % (uint)Vocabulary.Length]);
            }

            // Copied under the lock: another request may be growing the list at the same time.
            chosen = _words.GetRange(0, words).ToArray();
        }

        if (variant != 0 && words > 2)
        {
            var random = new Random(variant);
            random.Shuffle(chosen.AsSpan(1));
        }

        return string.Join(' ', chosen);
    }

    /// <summary>A fixed integer hash, so prompts are the same on every run and every machine.</summary>
    private static uint Mix(int value)
    {
        var x = (uint)value * 0x9E3779B9u;
        x ^= x >> 16;
        x *= 0x85EBCA6Bu;
        x ^= x >> 13;
        return x;
    }
}
