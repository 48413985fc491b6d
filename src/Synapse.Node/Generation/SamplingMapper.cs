using Synapse.Engine.Sampling;

namespace Synapse.Node.Generation;

/// <summary>Maps validated request fields to the engine's sampling settings, with OpenAI's defaults.</summary>
public static class SamplingMapper
{
    /// <summary>
    /// Choice <paramref name="choice"/> of a seeded request with <c>n &gt; 1</c> uses seed + choice, so the choices
    /// differ while the request as a whole stays reproducible.
    /// </summary>
    public static SamplingOptions Map(double? temperature, double? topP, int? topK, double? minP, long? seed,
        double? presencePenalty, double? frequencyPenalty, double? repetitionPenalty, int choice) => new()
    {
        Temperature = (float)(temperature ?? 1.0),
        TopP = (float)(topP ?? 1.0),
        TopK = topK is > 0 ? topK.Value : 0,
        MinP = (float)(minP ?? 0.0),
        Seed = seed is { } s ? unchecked((uint)(s + choice)) : null,
        PresencePenalty = (float)(presencePenalty ?? 0.0),
        FrequencyPenalty = (float)(frequencyPenalty ?? 0.0),
        RepetitionPenalty = (float)(repetitionPenalty ?? 1.0),
    };
}
