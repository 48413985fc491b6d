using System.Text;
using Synapse.Engine.Text;

namespace Synapse.Engine.Tests.Text;

public sealed class StopStringMatcherTests
{
    private static (string Released, StopStringMatcher Matcher) Feed(IReadOnlyList<string> stops, params string[] deltas)
    {
        var matcher = new StopStringMatcher(stops);
        var output = new StringBuilder();
        foreach (var delta in deltas)
        {
            output.Append(matcher.Push(delta));
        }

        output.Append(matcher.Flush());
        return (output.ToString(), matcher);
    }

    [Fact]
    public void Without_stops_everything_passes_at_once()
    {
        var matcher = new StopStringMatcher([]);
        Assert.Equal("abc", matcher.Push("abc"));
        Assert.False(matcher.Stopped);
        Assert.Equal(0, matcher.HeldLength);
    }

    [Fact]
    public void A_stop_inside_one_delta_ends_the_text_before_it()
    {
        var (released, matcher) = Feed(["STOP"], "hello STOP world");
        Assert.Equal("hello ", released);
        Assert.True(matcher.Stopped);
        Assert.Equal("STOP", matcher.MatchedStop);
    }

    [Fact]
    public void A_stop_spanning_deltas_is_found_and_never_released()
    {
        var (released, matcher) = Feed(["</end>"], "abc</", "en", "d>tail");
        Assert.Equal("abc", released);
        Assert.True(matcher.Stopped);
    }

    [Fact]
    public void A_possible_start_is_held_back_then_released_when_it_turns_out_not_to_be_a_stop()
    {
        var matcher = new StopStringMatcher(["\n\nUser:"]);
        Assert.Equal("Hi", matcher.Push("Hi\n"));
        Assert.Equal(1, matcher.HeldLength);
        Assert.Equal("", matcher.Push("\nUs"));
        Assert.Equal(4, matcher.HeldLength);
        Assert.Equal("\n\nUsual", matcher.Push("ual"));
        Assert.False(matcher.Stopped);
        Assert.Equal(0, matcher.HeldLength);
    }

    [Fact]
    public void Held_text_is_released_at_the_end_when_no_stop_came()
    {
        var (released, matcher) = Feed(["xyz"], "abc x", "y");
        Assert.Equal("abc xy", released);
        Assert.False(matcher.Stopped);
    }

    [Fact]
    public void The_earliest_of_several_stops_wins()
    {
        var (released, matcher) = Feed(["world", "lo w", "o"], "hel", "lo world");
        Assert.Equal("hel", released);
        Assert.Equal("lo w", matcher.MatchedStop);

        var (released2, matcher2) = Feed(["bb", "ab", "c", "zz"], "xxa", "b");
        Assert.Equal("xx", released2);
        Assert.Equal("ab", matcher2.MatchedStop);
    }

    [Fact]
    public void A_stop_at_the_very_start_releases_nothing()
    {
        var (released, matcher) = Feed(["Once"], "On", "ce upon a time");
        Assert.Equal("", released);
        Assert.True(matcher.Stopped);
    }

    [Fact]
    public void Nothing_is_released_after_a_stop()
    {
        var matcher = new StopStringMatcher(["."]);
        Assert.Equal("a", matcher.Push("a.b"));
        Assert.Equal("", matcher.Push("more"));
        Assert.Equal("", matcher.Flush());
    }

    [Fact]
    public void Overlapping_prefixes_are_handled()
    {
        // "aab": after "aa" the held suffix must stay "aa"-aware so that "aaab" still matches.
        var (released, matcher) = Feed(["aab"], "a", "a", "a", "b");
        Assert.Equal("a", released);
        Assert.True(matcher.Stopped);
    }

    [Fact]
    public void Held_back_text_is_the_longest_suffix_that_starts_a_stop()
    {
        var matcher = new StopStringMatcher(["abcd", "cx"]);
        Assert.Equal("zz", matcher.Push("zzabc"));
        Assert.Equal(3, matcher.HeldLength);
        Assert.Equal("ab", matcher.Push("x"));
        Assert.True(matcher.Stopped);
        Assert.Equal("cx", matcher.MatchedStop);
    }

    [Fact]
    public void Empty_stop_strings_are_refused()
    {
        Assert.Throws<ArgumentException>(() => new StopStringMatcher(["ok", ""]));
    }
}
