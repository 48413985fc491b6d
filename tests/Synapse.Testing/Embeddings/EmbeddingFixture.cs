using System.Text.Json;
using System.Text.Json.Serialization;

namespace Synapse.Testing.Embeddings;

/// <summary>
/// An embedding fixture's <c>expected.json</c> (tiny-bert, tiny-qwen3-embedding): per text, the token ids the model
/// receives and the pooled, normalised float32 embedding of an independent PyTorch implementation.
/// </summary>
public sealed record EmbeddingFixture(
    [property: JsonPropertyName("pooling")] string Pooling,
    [property: JsonPropertyName("normalize")] bool Normalize,
    [property: JsonPropertyName("dimension")] int Dimension,
    [property: JsonPropertyName("cases")] EmbeddingCase[] Cases)
{
    /// <summary>The fixture model's folder and its expectations; skips (or fails under CI) when the fixture is absent.</summary>
    public static (string Directory, EmbeddingFixture Expected) Require(string name)
    {
        var directory = Fixtures.Require(Path.Combine("models", name));
        var expected = JsonSerializer.Deserialize<EmbeddingFixture>(File.ReadAllText(Path.Combine(directory, "expected.json")))
            ?? throw new InvalidDataException($"{directory}/expected.json is empty.");
        return (directory, expected);
    }

    /// <summary>Cosine similarity of two vectors of one length.</summary>
    public static double Cosine(IReadOnlyList<float> a, IReadOnlyList<float> b)
    {
        if (a.Count != b.Count)
        {
            throw new ArgumentException($"Vectors of {a.Count} and {b.Count} values.");
        }

        double dot = 0, na = 0, nb = 0;
        for (var i = 0; i < a.Count; i++)
        {
            dot += (double)a[i] * b[i];
            na += (double)a[i] * a[i];
            nb += (double)b[i] * b[i];
        }

        return dot / Math.Sqrt(na * nb);
    }
}

/// <summary>One text of an embedding fixture.</summary>
public sealed record EmbeddingCase(
    [property: JsonPropertyName("text")] string Text,
    [property: JsonPropertyName("ids")] int[] Ids,
    [property: JsonPropertyName("embedding")] float[] Embedding);
