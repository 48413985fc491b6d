namespace Synapse.Engine.Caching;

internal static class TokenPrefix
{
    /// <summary>How many leading tokens <paramref name="a"/> and <paramref name="b"/> share.</summary>
    public static int CommonLength(ReadOnlySpan<int> a, ReadOnlySpan<int> b) => a.CommonPrefixLength(b);
}
