namespace Synapse.Engine.Text;

/// <summary>
/// How a token's bytes fit UTF-8: how many continuation bytes it starts with (finishing a character an earlier token
/// began), how many a character it begins at its end still needs, and whether everything else is well-formed UTF-8
/// (no stray continuation, overlong form, surrogate or value past U+10FFFF). llama.cpp's grammar reads code points
/// and lets such bytes through; a constrained reply needs text that decodes.
/// </summary>
internal readonly record struct Utf8TokenShape(byte Continues, byte Pending, bool WellFormed, bool OnlyContinues = false)
{
    /// <summary>Whether the token may follow text whose last character still needs <paramref name="pending"/> bytes.</summary>
    public bool Fits(int pending) => WellFormed && (Continues == pending || (OnlyContinues && Continues < pending));

    /// <summary>What the last character needs after this token, which <see cref="Fits"/> <paramref name="pending"/>.</summary>
    public int PendingAfter(int pending) => OnlyContinues && Continues < pending ? pending - Continues : Pending;

    public static Utf8TokenShape Of(ReadOnlySpan<byte> bytes)
    {
        var i = 0;
        while (i < bytes.Length && i < 3 && (bytes[i] & 0xC0) == 0x80)
        {
            i++;
        }

        var continues = (byte)i;
        if (i > 0 && i == bytes.Length)
        {
            return new Utf8TokenShape(continues, 0, true, OnlyContinues: true);
        }

        while (i < bytes.Length)
        {
            var lead = bytes[i];
            int length;
            int min;
            if (lead < 0x80)
            {
                i++;
                continue;
            }
            else if (lead is >= 0xC2 and <= 0xDF)
            {
                (length, min) = (2, 0x80);
            }
            else if ((lead & 0xF0) == 0xE0)
            {
                (length, min) = (3, 0x800);
            }
            else if (lead is >= 0xF0 and <= 0xF4)
            {
                (length, min) = (4, 0x10000);
            }
            else
            {
                return new Utf8TokenShape(continues, 0, false);
            }

            var available = Math.Min(length, bytes.Length - i);
            var value = lead & (0xFF >> (length + 1));
            for (var k = 1; k < available; k++)
            {
                if ((bytes[i + k] & 0xC0) != 0x80)
                {
                    return new Utf8TokenShape(continues, 0, false);
                }

                value = (value << 6) | (bytes[i + k] & 0x3F);
            }

            // The second byte bounds overlong forms, surrogates and values past U+10FFFF (RFC 3629's table).
            var (low, high) = lead switch
            {
                0xE0 => (0xA0, 0xBF),
                0xED => (0x80, 0x9F),
                0xF0 => (0x90, 0xBF),
                0xF4 => (0x80, 0x8F),
                _ => (0x80, 0xBF),
            };
            if (available >= 2 ? bytes[i + 1] < low || bytes[i + 1] > high : low != 0x80 || high != 0xBF)
            {
                // A restricted lead left for a later token is refused too: that token could not be checked against it.
                return new Utf8TokenShape(continues, 0, false);
            }

            if (available < length)
            {
                // A character begun here and finished by later tokens, whose continuation bytes are all that is left to check.
                return new Utf8TokenShape(continues, (byte)(length - available), true);
            }

            if (value < min || value is >= 0xD800 and <= 0xDFFF || value > 0x10FFFF)
            {
                return new Utf8TokenShape(continues, 0, false);
            }

            i += length;
        }

        return new Utf8TokenShape(continues, 0, true);
    }
}
