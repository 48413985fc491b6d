using System.Text;
using Synapse.Engine.Grammar;
using Synapse.Engine.Sampling;

namespace Synapse.Engine.Tests.Grammar;

/// <summary>
/// Lazy-grammar triggers searched incrementally: fed a token at a time, <see cref="TriggerMatcher"/> finds the same
/// start as a search of the whole text, including triggers split across tokens.
/// </summary>
public sealed class TriggerMatcherTests
{
    public static TheoryData<string[], string[], string[]> Cases() => new()
    {
        // words, patterns, token pieces
        { ["<tool_call>"], [], ["Sure, ", "<to", "ol_", "call>", "{"] },
        { ["<tool_call>"], [], ["<", "t", "o", "o", "l", "_", "c", "a", "l", "l", ">"] },
        { ["[TOOL_CALLS]", "<tool_call>"], [], ["text [TOOL", "_CALLS]", "x"] },
        { [], [@"^\s*(\{\s*""name"")"], ["  ", "\n{", " ", "\"na", "me\"", ":"] },
        { [], [@"^\s*(\{\s*""name"")"], ["Hello {\"name\"", " more"] },
        { [], [@"<fn=(\w)"], ["aaa <f", "n=", "x", "yz"] },
        { [], [@"x[0-9]{3}y"], ["abcx1", "2", "3y tail"] },
        { ["END"], [@"(?:call|invoke)\((\w+)"], ["please inv", "oke(", "go) END"] },
        { ["zz"], [], ["no trigger ", "here at ", "all z"] },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Incremental_search_finds_what_a_whole_text_search_finds(string[] words, string[] patterns, string[] pieces)
    {
        var matcher = TriggerMatcher.For(new GrammarConstraint("root ::= \"x\"") { TriggerWords = words, TriggerPatterns = patterns })!;
        var text = new StringBuilder();
        var found = -1;
        var foundAfter = -1;
        for (var i = 0; i < pieces.Length && found < 0; i++)
        {
            var searched = text.Length;
            text.Append(pieces[i]);
            found = matcher.Find(text.ToString(), searched);
            foundAfter = i;
        }

        var expected = WholeTextStart(text.ToString(), words, patterns);
        Assert.Equal(expected, found);
        if (expected >= 0)
        {
            // ... and at the token that completed the trigger, not later.
            var before = string.Concat(pieces.Take(foundAfter));
            Assert.Equal(-1, WholeTextStart(before, words, patterns));
        }
    }

    [Theory]
    [InlineData("abc", 3)]
    [InlineData(@"x[0-9]{3}y", 5)]
    [InlineData(@"\[TOOL_CALLS\]", 12)]
    [InlineData(@"a?b", 2)]
    [InlineData(@"a*b", null)]
    [InlineData(@"(ab)", null)]
    [InlineData(@"\bword", null)]
    public void A_pattern_length_bound_is_only_claimed_when_certain(string pattern, int? expected) =>
        Assert.Equal(expected, TriggerMatcher.MaxLength(pattern));

    [Fact]
    public void Text_searched_before_is_not_read_again()
    {
        // An occurrence wholly inside the searched part cannot be new: only the end that can hold a new match is read,
        // which keeps the search per token independent of the text's length. (Find is only ever told a part was
        // searched when it held no trigger; planting one there shows what is read.)
        var matcher = TriggerMatcher.For(new GrammarConstraint("root ::= \"x\"") { TriggerWords = ["<tool_call>"], TriggerPatterns = [@"x[0-9]{3}y"] })!;
        var text = "<tool_call> x123y" + new string('a', 1000);
        Assert.Equal(-1, matcher.Find(text, 100));
        Assert.Equal(0, matcher.Find(text, 1));
        Assert.Equal(12, matcher.Find(text, 16));
        Assert.Equal(-1, matcher.Find(text, 17));
    }

    private static int WholeTextStart(string text, string[] words, string[] patterns)
    {
        var best = -1;
        foreach (var word in words)
        {
            var at = text.IndexOf(word, StringComparison.Ordinal);
            if (at >= 0 && (best < 0 || at < best))
            {
                best = at;
            }
        }

        foreach (var pattern in patterns)
        {
            var match = System.Text.RegularExpressions.Regex.Match(text, pattern);
            if (match.Success)
            {
                var at = match.Groups.Count > 1 && match.Groups[1].Success ? match.Groups[1].Index : match.Index;
                if (best < 0 || at < best)
                {
                    best = at;
                }
            }
        }

        return best;
    }
}
