using LLama.Native;

namespace Synapse.Engine.Sampling;

/// <summary>
/// Builds a request's own native sampler chain, in llama.cpp's usual order: penalties, top-k, top-p, min-p,
/// temperature, then a seeded draw (or greedy at temperature 0). Each chain carries its own RNG, so a seed gives
/// the same draws whatever else runs in the batch.
/// </summary>
internal static class SamplerChainFactory
{
    /// <summary>llama.cpp treats this seed as "pick one at random".</summary>
    private const uint LlamaDefaultSeed = 0xFFFFFFFF;

    public static void Validate(SamplingOptions sampling)
    {
        ArgumentNullException.ThrowIfNull(sampling);
        if (!float.IsFinite(sampling.Temperature) || sampling.Temperature < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(sampling), sampling.Temperature, "temperature must be 0 or more.");
        }

        if (!float.IsFinite(sampling.TopP) || sampling.TopP <= 0 || sampling.TopP > 1)
        {
            throw new ArgumentOutOfRangeException(nameof(sampling), sampling.TopP, "top_p must be in (0, 1].");
        }

        if (sampling.TopK < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(sampling), sampling.TopK, "top_k must be 0 (off) or more.");
        }

        if (!float.IsFinite(sampling.MinP) || sampling.MinP < 0 || sampling.MinP > 1)
        {
            throw new ArgumentOutOfRangeException(nameof(sampling), sampling.MinP, "min_p must be in [0, 1].");
        }

        if (!float.IsFinite(sampling.PresencePenalty) || !float.IsFinite(sampling.FrequencyPenalty))
        {
            throw new ArgumentOutOfRangeException(nameof(sampling), "presence_penalty and frequency_penalty must be finite.");
        }

        if (!float.IsFinite(sampling.RepetitionPenalty) || sampling.RepetitionPenalty <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(sampling), sampling.RepetitionPenalty, "repetition_penalty must be positive.");
        }

        if (sampling.PenaltyLastN < -1)
        {
            throw new ArgumentOutOfRangeException(nameof(sampling), sampling.PenaltyLastN, "penalty_last_n must be -1 (whole context), 0 (off) or more.");
        }
    }

    public static bool HasPenalties(SamplingOptions s) =>
        s.PenaltyLastN != 0 && (s.PresencePenalty != 0 || s.FrequencyPenalty != 0 || s.RepetitionPenalty != 1.0f);

    /// <summary>Creates the chain and feeds it the prompt's tail, so penalties see the prompt as llama-server does.</summary>
    public static SafeLLamaSamplerChainHandle Create(SamplingOptions s, ReadOnlySpan<LLamaToken> prompt, int contextSize)
    {
        var chainParams = LLamaSamplerChainParams.Default();
        chainParams.NoPerf = true;
        var chain = SafeLLamaSamplerChainHandle.Create(chainParams);
        try
        {
            var penalties = HasPenalties(s);
            if (penalties)
            {
                var lastN = s.PenaltyLastN == -1 ? contextSize : s.PenaltyLastN;
                chain.AddPenalties(lastN, s.RepetitionPenalty, s.FrequencyPenalty, s.PresencePenalty);
            }

            if (s.Temperature <= 0)
            {
                chain.AddGreedySampler();
            }
            else
            {
                if (s.TopK > 0)
                {
                    chain.AddTopK(s.TopK);
                }

                if (s.TopP < 1)
                {
                    chain.AddTopP(s.TopP, 1);
                }

                if (s.MinP > 0)
                {
                    chain.AddMinP(s.MinP, 1);
                }

                chain.AddTemperature(s.Temperature);
                chain.AddDistributionSampler(s.Seed ?? DrawSeed());
            }

            if (penalties)
            {
                var lastN = s.PenaltyLastN == -1 ? prompt.Length : Math.Min(s.PenaltyLastN, prompt.Length);
                foreach (var token in prompt[^lastN..])
                {
                    chain.Accept(token);
                }
            }

            return chain;
        }
        catch
        {
            chain.Dispose();
            throw;
        }
    }

    private static uint DrawSeed()
    {
        uint seed;
        do
        {
            seed = (uint)Random.Shared.NextInt64(0, 1L << 32);
        }
        while (seed == LlamaDefaultSeed);
        return seed;
    }
}
