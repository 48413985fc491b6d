using Synapse.OpenAI.Responses;

namespace Synapse.OpenAI.Tests.Responses;

public class ResponseIdsTests
{
    [Theory]
    [InlineData("n1")]
    [InlineData("abcdefghij012345")]
    public void AnIdMadeWithATagGivesTheTagBack(string tag)
    {
        var id = ResponseIds.New(tag);

        Assert.StartsWith("resp_" + tag + "_", id);
        Assert.True(ResponseIds.TryGetRouteTag(id, out var back));
        Assert.Equal(tag, back);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("UPPER")]
    [InlineData("has_underscore")]
    [InlineData("abcdefghij0123456")]
    [InlineData("n\u00e9")]
    public void AnInvalidOrMissingTagMakesAnUntaggedId(string? tag)
    {
        var id = ResponseIds.New(tag);

        Assert.Matches("^resp_[0-9a-f]{48}$", id);
        Assert.False(ResponseIds.TryGetRouteTag(id, out _));
    }

    [Fact]
    public void IdsAreUnique()
    {
        var ids = Enumerable.Range(0, 1000).Select(_ => ResponseIds.New("n1")).ToHashSet();

        Assert.Equal(1000, ids.Count);
    }

    [Theory]
    [InlineData("")]
    [InlineData("resp_")]
    [InlineData("resp__abc")]
    [InlineData("chatcmpl-abc_def")]
    [InlineData("resp_BAD_0123")]
    [InlineData("msg_n1_0123")]
    public void WhatIsNotATaggedIdHasNoTag(string id) => Assert.False(ResponseIds.TryGetRouteTag(id, out _));
}
