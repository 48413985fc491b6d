namespace Synapse.Engine.Embeddings;

/// <summary>Vector arithmetic embeddings need after pooling.</summary>
public static class EmbeddingVectors
{
    /// <summary>
    /// <paramref name="vector"/> scaled to unit Euclidean length, in place (sentence-transformers' Normalize); a zero
    /// vector stays zero.
    /// </summary>
    public static void Normalize(Span<float> vector)
    {
        double sum = 0;
        foreach (var v in vector)
        {
            sum += (double)v * v;
        }

        if (sum <= 0 || !double.IsFinite(sum))
        {
            return;
        }

        var scale = (float)(1 / Math.Sqrt(sum));
        for (var i = 0; i < vector.Length; i++)
        {
            vector[i] *= scale;
        }
    }
}
