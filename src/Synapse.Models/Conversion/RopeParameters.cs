namespace Synapse.Models.Conversion;

/// <summary>A config's RoPE settings (see <see cref="HfModelConfig.Rope"/>); null where the config says nothing.</summary>
internal sealed record RopeParameters(
    string? Type,
    double? Theta,
    double? Factor,
    double? OriginalContextLength,
    double? LowFreqFactor,
    double? HighFreqFactor,
    double? PartialRotaryFactor,
    float[]? LongFactor,
    float[]? ShortFactor);
