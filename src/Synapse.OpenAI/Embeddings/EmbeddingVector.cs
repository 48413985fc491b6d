using System.Buffers.Binary;
using System.Text.Json.Serialization;
using Synapse.OpenAI.Serialization;

namespace Synapse.OpenAI.Embeddings;

/// <summary>An embedding as the wire carries it: a JSON array of numbers, or a base64 string of float32 bytes.</summary>
[JsonConverter(typeof(EmbeddingVectorConverter))]
public sealed class EmbeddingVector
{
    private EmbeddingVector(float[]? values, string? base64)
    {
        Values = values;
        Base64 = base64;
    }

    /// <summary>The values (float format); null for base64.</summary>
    public float[]? Values { get; }

    /// <summary>The base64 text (base64 format); null for float.</summary>
    public string? Base64 { get; }

    public static EmbeddingVector FromFloats(float[] values) => new(values ?? throw new ArgumentNullException(nameof(values)), null);

    /// <summary>OpenAI's base64 form: each float32 as 4 little-endian bytes, base64-encoded.</summary>
    public static EmbeddingVector FromBase64(ReadOnlySpan<float> values)
    {
        var bytes = new byte[values.Length * sizeof(float)];
        for (var i = 0; i < values.Length; i++)
        {
            BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(i * sizeof(float)), values[i]);
        }

        return new(null, Convert.ToBase64String(bytes));
    }

    /// <summary>An already base64-encoded embedding (as read from the wire).</summary>
    public static EmbeddingVector FromEncoded(string base64) => new(null, base64 ?? throw new ArgumentNullException(nameof(base64)));

    /// <summary>The values, decoded from base64 where needed.</summary>
    public float[] ToFloats()
    {
        if (Values is { } values)
        {
            return values;
        }

        var bytes = Convert.FromBase64String(Base64!);
        if (bytes.Length % sizeof(float) != 0)
        {
            throw new FormatException($"A base64 embedding of {bytes.Length} bytes is not whole float32 values.");
        }

        var result = new float[bytes.Length / sizeof(float)];
        for (var i = 0; i < result.Length; i++)
        {
            result[i] = BinaryPrimitives.ReadSingleLittleEndian(bytes.AsSpan(i * sizeof(float)));
        }

        return result;
    }
}
