using System.Text;

namespace Synapse.Engine.Simulation;

/// <summary>
/// The simulated model's tokens: 0 unknown, 1 BOS, 2 EOS, one token per UTF-8 byte (id = byte + 3) for prompts,
/// then one token per word of the fixed reply the engine streams.
/// </summary>
internal static class SimulatedVocabulary
{
    public const int Bos = 1;
    public const int FirstByte = 3;
    public const int FirstWord = FirstByte + 256;

    /// <summary>The reply, one token per entry, repeated for as long as a generation runs.</summary>
    public static IReadOnlyList<string> Words { get; } =
    [
        "Synapse", " simulated", " engine", ":", " fixed", " tokens", " at", " a", " set", " rate", ",", " no",
        " model", " loaded", ".", " ",
    ];

    public static int Size => FirstWord + Words.Count;

    public static int WordToken(int index) => FirstWord + (index % Words.Count);

    public static int[] Tokenize(string text, bool addBos)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        var tokens = new int[bytes.Length + (addBos ? 1 : 0)];
        var at = 0;
        if (addBos)
        {
            tokens[at++] = Bos;
        }

        foreach (var b in bytes)
        {
            tokens[at++] = b + FirstByte;
        }

        return tokens;
    }

    public static string Detokenize(IReadOnlyList<int> tokens) => Encoding.UTF8.GetString(Bytes(tokens));

    /// <summary>The tokens' bytes (BOS, EOS and unknown have none).</summary>
    public static byte[] Bytes(IReadOnlyList<int> tokens)
    {
        var bytes = new List<byte>(tokens.Count);
        foreach (var id in tokens)
        {
            if ((uint)id >= (uint)Size)
            {
                throw new ArgumentOutOfRangeException(nameof(tokens), id, $"Token id {id} is outside the vocabulary (0..{Size - 1}).");
            }

            if (id >= FirstWord)
            {
                bytes.AddRange(Encoding.UTF8.GetBytes(Words[id - FirstWord]));
            }
            else if (id >= FirstByte)
            {
                bytes.Add((byte)(id - FirstByte));
            }
        }

        return bytes.ToArray();
    }
}
