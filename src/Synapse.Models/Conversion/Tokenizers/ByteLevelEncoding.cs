namespace Synapse.Models.Conversion.Tokenizers;

/// <summary>GPT-2's reversible mapping of the 256 byte values to printable Unicode characters.</summary>
internal static class ByteLevelEncoding
{
    private static readonly char[] ByteToChar = BuildTable();

    public static char Encode(byte b) => ByteToChar[b];

    public static string Encode(ReadOnlySpan<byte> bytes)
    {
        var chars = new char[bytes.Length];
        for (var i = 0; i < bytes.Length; i++)
        {
            chars[i] = ByteToChar[bytes[i]];
        }

        return new string(chars);
    }

    private static char[] BuildTable()
    {
        var table = new char[256];
        var printable = new bool[256];
        for (var b = '!'; b <= '~'; b++)
        {
            printable[b] = true;
        }

        for (var b = '\u00A1'; b <= '\u00AC'; b++)
        {
            printable[b] = true;
        }

        for (var b = '\u00AE'; b <= '\u00FF'; b++)
        {
            printable[b] = true;
        }

        var next = 256;
        for (var b = 0; b < 256; b++)
        {
            table[b] = printable[b] ? (char)b : (char)next++;
        }

        return table;
    }
}
