using Microsoft.Extensions.Time.Testing;
using Synapse.LoadBalancer.Routing;

namespace Synapse.LoadBalancer.Tests.Routing;

public sealed class PrefixTreeTests
{
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));

    private PrefixTree Tree(int maxCharacters = 1_000_000, double lifetimeMinutes = 30) =>
        new(maxCharacters, TimeSpan.FromMinutes(lifetimeMinutes), _clock);

    [Fact]
    public void AnEmptyTreeMatchesNothing()
    {
        var tree = Tree();
        Assert.Equal(0, tree.Match("hello"));
        Assert.Equal(0, tree.Characters);
        Assert.Equal(0, tree.Entries);
    }

    [Fact]
    public void MatchIsTheLongestCommonPrefixWithAnyInsertedText()
    {
        var tree = Tree();
        tree.Insert("system: be brief|user: hello|assistant: hi");
        tree.Insert("system: be brief|user: weather?");

        Assert.Equal("system: be brief|user: hello|assistant: hi".Length, tree.Match("system: be brief|user: hello|assistant: hi|user: more"));
        Assert.Equal("system: be brief|user: ".Length, tree.Match("system: be brief|user: bye"));
        Assert.Equal("system: be brief|user: weather?".Length, tree.Match("system: be brief|user: weather?"));
        Assert.Equal("system: be brief|user: hel".Length, tree.Match("system: be brief|user: help"));
        Assert.Equal(0, tree.Match("other"));
        Assert.Equal(3, tree.Match("sys"));
    }

    [Fact]
    public void SharedPrefixesAreStoredOnce()
    {
        var tree = Tree();
        tree.Insert("abcdef");
        tree.Insert("abcxyz");
        tree.Insert("abcdef");

        // "abc" + "def" + "xyz": the split keeps one copy of the shared part, and a repeat adds nothing.
        Assert.Equal(9, tree.Characters);
        Assert.Equal(3, tree.Entries);
        Assert.Equal(6, tree.Match("abcdefg"));
        Assert.Equal(6, tree.Match("abcxyz"));
    }

    [Fact]
    public void ATextLongerThanTheTreeIsCutToItsBound()
    {
        var tree = Tree(maxCharacters: 2000);
        tree.Insert(new string('a', 5000));
        Assert.Equal(2000, tree.Characters);
        Assert.Equal(2000, tree.Match(new string('a', 5000)));
    }

    [Fact]
    public void OverItsBoundTheTreeDropsTheLeastRecentlyUsedBranchesFirst()
    {
        var tree = Tree(maxCharacters: 3000);
        var first = "A" + new string('1', 999);
        var second = "B" + new string('2', 999);
        var third = "C" + new string('3', 999);
        tree.Insert(first);
        _clock.Advance(TimeSpan.FromSeconds(1));
        tree.Insert(second);
        _clock.Advance(TimeSpan.FromSeconds(1));
        tree.Insert(third);
        _clock.Advance(TimeSpan.FromSeconds(1));
        // The first is used again, so the second is now the oldest.
        tree.Insert(first);
        _clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(3000, tree.Characters);

        tree.Insert("D" + new string('4', 999));

        // Over the bound, the tree drops to nine tenths of it: the two least recently used go, the second then the third.
        Assert.Equal(2000, tree.Characters);
        Assert.Equal(0, tree.Match(second));
        Assert.Equal(0, tree.Match(third));
        Assert.Equal(1000, tree.Match(first));
        Assert.Equal(1000, tree.Match("D" + new string('4', 999)));
    }

    [Fact]
    public void EvictionDropsTheOldTailOfABranchAndKeepsTheSharedRecentPart()
    {
        var tree = Tree(maxCharacters: 2200);
        var shared = new string('s', 500);
        tree.Insert(shared + new string('x', 700));
        _clock.Advance(TimeSpan.FromSeconds(1));
        tree.Insert(shared + new string('y', 700));
        _clock.Advance(TimeSpan.FromSeconds(1));
        tree.Insert(shared + new string('z', 700));

        Assert.Equal(1900, tree.Characters);
        Assert.Equal(500, tree.Match(shared + new string('x', 700)));
        Assert.Equal(1200, tree.Match(shared + new string('y', 700)));
        Assert.Equal(1200, tree.Match(shared + new string('z', 700)));
    }

    [Fact]
    public void ManyConversationsStayWithinTheBound()
    {
        var tree = Tree(maxCharacters: 10_000);
        for (var conversation = 0; conversation < 200; conversation++)
        {
            var text = $"system prompt|conversation {conversation}|";
            for (var turn = 0; turn < 5; turn++)
            {
                text += $"user turn {turn} of {conversation}|assistant answer {turn}|";
                tree.Insert(text);
                _clock.Advance(TimeSpan.FromMilliseconds(10));
                Assert.True(tree.Characters <= 10_000, $"{tree.Characters} characters");
            }
        }

        // The latest conversation is whole; the first is forgotten but for the prefix all conversations share.
        var latest = "system prompt|conversation 199|" + string.Concat(Enumerable.Range(0, 5).Select(t => $"user turn {t} of 199|assistant answer {t}|"));
        Assert.Equal(latest.Length, tree.Match(latest));
        Assert.Equal("system prompt|conversation ".Length, tree.Match("system prompt|conversation 0|user turn 0 of 0|"));
    }

    [Fact]
    public void EntriesUnusedForTheirLifetimeAreForgotten()
    {
        var tree = Tree(lifetimeMinutes: 10);
        tree.Insert("old conversation");
        _clock.Advance(TimeSpan.FromMinutes(6));
        tree.Insert("new conversation");
        _clock.Advance(TimeSpan.FromMinutes(6));

        // Twelve minutes on, the old one is past its ten; the new one, six minutes old, stays.
        Assert.Equal(0, tree.Match("old conversation"));
        Assert.Equal("new conversation".Length, tree.Match("new conversation"));
        Assert.Equal("new conversation".Length, tree.Characters);

        _clock.Advance(TimeSpan.FromMinutes(10));
        Assert.Equal(0, tree.Match("new conversation"));
        Assert.Equal(0, tree.Characters);
    }

    [Fact]
    public void UsingAnEntryKeepsItAlive()
    {
        var tree = Tree(lifetimeMinutes: 10);
        tree.Insert("conversation turn 1");
        for (var i = 0; i < 5; i++)
        {
            _clock.Advance(TimeSpan.FromMinutes(6));
            tree.Insert("conversation turn 1");
        }

        Assert.Equal("conversation turn 1".Length, tree.Match("conversation turn 1"));
    }

    [Fact]
    public void ClearForgetsEverything()
    {
        var tree = Tree();
        tree.Insert("abc");
        tree.Clear();
        Assert.Equal(0, tree.Match("abc"));
        Assert.Equal(0, tree.Characters);
    }

    [Fact]
    public void WithinOneClockTickTheLastInsertedTextIsKeptAtTheBound()
    {
        // The clock never moves: least recently used must still mean least recently inserted.
        var tree = Tree(maxCharacters: 500);
        for (var i = 0; i < 40; i++)
        {
            var text = $"{i:D2}|" + new string((char)('a' + (i % 26)), 40);
            tree.Insert(text);
            Assert.Equal(text.Length, tree.Match(text));
        }

        Assert.True(tree.Characters <= 500, $"{tree.Characters} characters");
        Assert.Equal(0, tree.Match("00|" + new string('a', 40)));
    }

    [Fact]
    public async Task ConcurrentInsertsAndMatchesKeepTheTreeConsistent()
    {
        var tree = Tree(maxCharacters: 5000);
        await Task.WhenAll(Enumerable.Range(0, 8).Select(worker => Task.Run(() =>
        {
            for (var i = 0; i < 500; i++)
            {
                var text = $"shared|{worker}|{i % 50}|" + new string((char)('a' + worker), 40);
                tree.Insert(text);
                tree.Match(text);
            }
        }, TestContext.Current.CancellationToken)));

        Assert.True(tree.Characters <= 5000, $"{tree.Characters} characters");
        var last = "shared|3|49|" + new string('d', 40);
        tree.Insert(last);
        Assert.Equal(last.Length, tree.Match(last));
    }
}
