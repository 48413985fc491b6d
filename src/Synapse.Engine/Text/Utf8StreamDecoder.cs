using System.Text;

namespace Synapse.Engine.Text;

/// <summary>
/// Turns a stream of token bytes into text without ever splitting a character: bytes of a character that
/// spans tokens are held until the character is complete. Invalid sequences become U+FFFD (never an exception),
/// following the Unicode "maximal subpart" practice of .NET's UTF-8 decoder.
/// </summary>
public sealed class Utf8StreamDecoder
{
    private readonly Decoder _decoder = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: false).GetDecoder();

    /// <summary>The most chars <see cref="Decode"/> can write for <paramref name="byteCount"/> new bytes (held bytes included).</summary>
    public static int MaxCharCount(int byteCount) => byteCount + 4;

    /// <summary>
    /// Decodes <paramref name="bytes"/> into <paramref name="chars"/> and returns how many chars were written.
    /// With <paramref name="flush"/>, bytes still held (an unfinished character) are written as U+FFFD.
    /// </summary>
    public int Decode(ReadOnlySpan<byte> bytes, Span<char> chars, bool flush = false)
    {
        if (chars.Length < MaxCharCount(bytes.Length))
        {
            throw new ArgumentException($"The destination must hold at least {MaxCharCount(bytes.Length)} chars.", nameof(chars));
        }

        return _decoder.GetChars(bytes, chars, flush);
    }

    /// <summary>Convenience for callers that do not mind allocating.</summary>
    public string Decode(ReadOnlySpan<byte> bytes, bool flush = false)
    {
        Span<char> buffer = bytes.Length <= 256 ? stackalloc char[MaxCharCount(bytes.Length)] : new char[MaxCharCount(bytes.Length)];
        var written = Decode(bytes, buffer, flush);
        return new string(buffer[..written]);
    }

    public void Reset() => _decoder.Reset();
}
