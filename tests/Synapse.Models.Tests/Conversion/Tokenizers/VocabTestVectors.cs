using System.Globalization;

namespace Synapse.Models.Tests.Conversion.Tokenizers;

/// <summary>llama.cpp's tokenizer test vectors: .inp strings each followed by "\n__ggml_vocab_test__\n", .out id lines.</summary>
internal static class VocabTestVectors
{
    private const string Separator = "\n__ggml_vocab_test__\n";

    public static IReadOnlyList<(string Text, int[] Ids)> Read(string inputPath, string outputPath)
    {
        var input = File.ReadAllText(inputPath);
        var texts = input.Split(Separator);
        if (texts[^1].Length != 0)
        {
            throw new InvalidDataException($"'{inputPath}' does not end with the separator.");
        }

        var lines = File.ReadAllLines(outputPath);
        if (lines.Length != texts.Length - 1)
        {
            throw new InvalidDataException($"'{outputPath}' has {lines.Length} lines for {texts.Length - 1} inputs.");
        }

        return lines
            .Select((line, i) => (texts[i], line.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToArray()))
            .ToList();
    }
}
