using System.Text.Json.Nodes;

namespace Synapse.OpenAI.Tests.Infrastructure;

internal static class JsonAssert
{
    /// <summary>Same JSON value, property order aside; on failure shows both.</summary>
    public static void Equivalent(string expected, string actual)
    {
        var e = JsonNode.Parse(expected);
        var a = JsonNode.Parse(actual);
        Assert.True(JsonNode.DeepEquals(e, a), $"Expected:\n{e?.ToJsonString()}\nActual:\n{a?.ToJsonString()}");
    }
}
