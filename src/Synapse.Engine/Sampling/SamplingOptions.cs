namespace Synapse.Engine.Sampling;

/// <summary>Per-request sampling settings, with OpenAI's defaults.</summary>
public sealed record SamplingOptions
{
    public float Temperature { get; init; } = 1.0f;
    public float TopP { get; init; } = 1.0f;
    /// <summary>0 disables top-k.</summary>
    public int TopK { get; init; }
    /// <summary>0 disables min-p.</summary>
    public float MinP { get; init; }
    /// <summary>Null draws a random seed.</summary>
    public uint? Seed { get; init; }
    public float PresencePenalty { get; init; }
    public float FrequencyPenalty { get; init; }
    /// <summary>1 disables the repetition penalty.</summary>
    public float RepetitionPenalty { get; init; } = 1.0f;
    /// <summary>How many recent tokens the penalties look at.</summary>
    public int PenaltyLastN { get; init; } = 64;
    /// <summary>Added to a token's logit before sampling (OpenAI's logit_bias, -100 to 100; -100 bans the token).</summary>
    public IReadOnlyDictionary<int, float>? LogitBias { get; init; }
}
