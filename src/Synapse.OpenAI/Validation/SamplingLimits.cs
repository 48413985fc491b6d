namespace Synapse.OpenAI.Validation;

/// <summary>
/// The ranges of the sampling fields, in OpenAI's terms (and vLLM's and llama.cpp's for the extensions). The request
/// validator refuses what lies outside them with a 400 naming the field; the mapper to the engine relies on them, so
/// every value inside stays valid once narrowed to the engine's 32-bit floats.
/// </summary>
public static class SamplingLimits
{
    public const double MinTemperature = 0;
    public const double MaxTemperature = 2;

    /// <summary>0 is accepted as OpenAI does: only the most likely token is kept.</summary>
    public const double MinTopP = 0;
    public const double MaxTopP = 1;

    /// <summary>-1 (vLLM) and 0 (llama.cpp) both switch top-k off.</summary>
    public const int MinTopK = -1;

    public const double MinMinP = 0;
    public const double MaxMinP = 1;

    /// <summary>presence_penalty and frequency_penalty.</summary>
    public const double MinPenalty = -2;
    public const double MaxPenalty = 2;

    /// <summary>
    /// repetition_penalty must be above 0 (1 is off). Past this, every repeated token is already all but excluded; the
    /// bound keeps values such as 1e308 from overflowing the engine's float.
    /// </summary>
    public const double MaxRepetitionPenalty = 10;

    /// <summary>Most stop strings, as OpenAI (the engine matches no more).</summary>
    public const int MaxStopSequences = 4;

    /// <summary>OpenAI's most choices per request; a server may allow fewer (<see cref="RequestLimits.MaxN"/>).</summary>
    public const int MaxN = 128;

    /// <summary>Above 0 and still above 0 as a float (a tiny double would round to 0), at most <see cref="MaxRepetitionPenalty"/>.</summary>
    public static bool IsValidRepetitionPenalty(double value) =>
        value > 0 && (float)value > 0 && value <= MaxRepetitionPenalty;
}
