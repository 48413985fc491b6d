using System.Security.Cryptography;

namespace Synapse.OpenAI.Common;

/// <summary>Ids in OpenAI's shapes: a prefix and 29 random alphanumerics, and unix-seconds timestamps.</summary>
public static class OpenAIIds
{
    private const string Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

    /// <summary><c>chatcmpl-…</c></summary>
    public static string NewChatCompletionId() => "chatcmpl-" + RandomString(29);

    /// <summary><c>cmpl-…</c></summary>
    public static string NewCompletionId() => "cmpl-" + RandomString(29);

    /// <summary><c>call_…</c>: a tool call's id, unique per call (clients such as Semantic Kernel key results by it).</summary>
    public static string NewToolCallId() => "call_" + RandomString(24);

    public static long UnixNow(TimeProvider? time = null) => (time ?? TimeProvider.System).GetUtcNow().ToUnixTimeSeconds();

    private static string RandomString(int length) => RandomNumberGenerator.GetString(Alphabet, length);
}
