using System.Globalization;
using Synapse.Engine.Sampling;
using Synapse.OpenAI.Common;
using Synapse.OpenAI.Errors;
using Synapse.OpenAI.Validation;

namespace Synapse.Node.Generation;

/// <summary>
/// Maps validated request fields to the engine's sampling settings, with OpenAI's defaults. The validator keeps every
/// field within <see cref="SamplingLimits"/>, whose ranges stay valid once narrowed to float; the engine only asserts.
/// </summary>
public static class SamplingMapper
{
    /// <summary>
    /// Choice <paramref name="choice"/> of a seeded request with <c>n &gt; 1</c> uses seed + choice, so the choices
    /// differ while the request as a whole stays reproducible.
    /// </summary>
    public static SamplingOptions Map(TextGenerationRequest request, int choice) => new()
    {
        Temperature = (float)(request.Temperature ?? 1.0),
        TopP = (float)(request.TopP ?? 1.0),
        TopK = request.TopK is > 0 ? request.TopK.Value : 0,
        MinP = (float)(request.MinP ?? 0.0),
        Seed = request.Seed is { } s ? unchecked((uint)(s + choice)) : null,
        PresencePenalty = (float)(request.PresencePenalty ?? 0.0),
        FrequencyPenalty = (float)(request.FrequencyPenalty ?? 0.0),
        RepetitionPenalty = (float)(request.RepetitionPenalty ?? 1.0),
    };

    /// <summary>
    /// <see cref="Map(TextGenerationRequest, int)"/> with <c>logit_bias</c>, whose token ids must lie in the model's
    /// vocabulary (a 400 naming the key otherwise; the validator has checked they are ids and the values' range).
    /// </summary>
    public static SamplingOptions Map(TextGenerationRequest request, int choice, int vocabularySize)
    {
        var options = Map(request, choice);
        if (request.LogitBias is not { Count: > 0 } bias)
        {
            return options;
        }

        var biases = new Dictionary<int, float>(bias.Count);
        foreach (var (key, value) in bias)
        {
            var token = int.Parse(key, NumberStyles.None, CultureInfo.InvariantCulture);
            if (token >= vocabularySize)
            {
                throw ApiError.InvalidValue("logit_bias", $"Invalid key in 'logit_bias': token id {token} is outside this model's vocabulary (0 to {vocabularySize - 1}).");
            }

            biases[token] = (float)value;
        }

        return options with { LogitBias = biases };
    }
}
