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

    /// <summary>
    /// The ranges native code needs. Callers check user input at the HTTP edge, so a value outside them is a bug of the
    /// caller's: an <see cref="InvalidOperationException"/>, never a user-facing error.
    /// </summary>
    public static void AssertValid(SamplingOptions s)
    {
        if (!float.IsFinite(s.Temperature) || s.Temperature < 0
            || !float.IsFinite(s.TopP) || s.TopP < 0 || s.TopP > 1
            || s.TopK < 0
            || !float.IsFinite(s.MinP) || s.MinP < 0 || s.MinP > 1
            || !float.IsFinite(s.PresencePenalty) || !float.IsFinite(s.FrequencyPenalty)
            || !float.IsFinite(s.RepetitionPenalty) || s.RepetitionPenalty <= 0
            || s.PenaltyLastN < -1
            || (s.LogitBias is { } bias && bias.Values.Any(b => !float.IsFinite(b) || b < -100 || b > 100)))
        {
            throw new InvalidOperationException($"Sampling settings outside the engine's ranges reached the engine: {s}.");
        }
    }

    /// <summary>What OpenAI's -100 becomes: far enough below any logit to ban, yet finite, so a grammar that allows only banned tokens still samples one.</summary>
    public const float BanBias = -1e30f;

    /// <summary>The request's logit biases as (token, bias) pairs, -100 made a ban.</summary>
    public static (int Token, float Bias)[] Bias(SamplingOptions s, int vocabularySize)
    {
        if (s.LogitBias is not { Count: > 0 } biases)
        {
            return [];
        }

        var result = new (int, float)[biases.Count];
        var i = 0;
        foreach (var (token, bias) in biases)
        {
            if ((uint)token >= (uint)vocabularySize)
            {
                throw new InvalidOperationException($"A logit bias for token {token}, outside the vocabulary (0..{vocabularySize - 1}), reached the engine.");
            }

            result[i++] = (token, bias <= -100 ? BanBias : bias);
        }

        return result;
    }

    public static bool HasPenalties(SamplingOptions s) =>
        s.PenaltyLastN != 0 && (s.PresencePenalty != 0 || s.FrequencyPenalty != 0 || s.RepetitionPenalty != 1.0f);

    /// <summary>Creates the chain and feeds it the prompt's tail, so penalties see the prompt as llama-server does.</summary>
    public static SafeLLamaSamplerChainHandle Create(SamplingOptions s, ReadOnlySpan<int> prompt, int contextSize)
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

                // top_p 0 keeps the single most likely token (min_keep 1), as OpenAI treats it.
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
