using System.Numerics;
using System.Text;

namespace Synapse.TestModels;

/// <summary>
/// Seeded xoshiro256** stream of roughly normal numbers, one stream per tensor (seeded from the model seed and the
/// tensor's name) so a tensor's values do not depend on which tensors come before it.
/// </summary>
internal sealed class WeightGenerator
{
    private const float Sqrt3 = 1.7320508f;
    private const float InvUInt16 = 1f / 65536f;

    private ulong _s0;
    private ulong _s1;
    private ulong _s2;
    private ulong _s3;

    public WeightGenerator(ulong seed, string stream)
    {
        var state = seed ^ Fnv1a(stream);
        _s0 = SplitMix(ref state);
        _s1 = SplitMix(ref state);
        _s2 = SplitMix(ref state);
        _s3 = SplitMix(ref state);
    }

    /// <summary>
    /// Fills with mean 0 and the given standard deviation. Each value is the Irwin–Hall sum of four 16-bit uniforms
    /// from one 64-bit draw: close enough to normal for random weights, and fast enough for a billion of them.
    /// </summary>
    public void FillNormal(Span<float> destination, float stdDev)
    {
        var scale = stdDev * Sqrt3 * InvUInt16;
        for (var i = 0; i < destination.Length; i++)
        {
            var r = Next();
            var sum = (float)((r & 0xFFFF) + ((r >> 16) & 0xFFFF) + ((r >> 32) & 0xFFFF) + (r >> 48)) - 2f * 65536f;
            destination[i] = sum * scale;
        }
    }

    private ulong Next()
    {
        var result = BitOperations.RotateLeft(_s1 * 5, 7) * 9;
        var t = _s1 << 17;
        _s2 ^= _s0;
        _s3 ^= _s1;
        _s1 ^= _s2;
        _s0 ^= _s3;
        _s2 ^= t;
        _s3 = BitOperations.RotateLeft(_s3, 45);
        return result;
    }

    private static ulong SplitMix(ref ulong state)
    {
        var z = state += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    private static ulong Fnv1a(string text)
    {
        var hash = 14695981039346656037UL;
        foreach (var b in Encoding.UTF8.GetBytes(text))
        {
            hash = (hash ^ b) * 1099511628211UL;
        }

        return hash;
    }
}
