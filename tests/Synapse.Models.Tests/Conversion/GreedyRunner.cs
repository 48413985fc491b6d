using LLama.Native;

namespace Synapse.Models.Tests.Conversion;

/// <summary>
/// Runs a GGUF through llama.cpp (LLamaSharp's low-level API) the way the fixtures' reference did: decode the prompt
/// ids, then take the arg-max token step after step (no sampling, no penalties, EOS does not stop).
/// </summary>
internal static class GreedyRunner
{
    public static GreedyRun Run(string modelPath, IReadOnlyList<int> prompt, int steps, int keepLogitSteps)
    {
        NativeApi.llama_empty_call();
        using var model = SafeLlamaModelHandle.LoadFromFile(modelPath, LLamaModelParams.Default());
        var contextParams = LLamaContextParams.Default();
        contextParams.n_ctx = 128;
        contextParams.n_batch = 128;
        contextParams.n_ubatch = 128;
        contextParams.n_threads = 1;
        contextParams.n_threads_batch = 1;
        // The reference keeps keys and values in float32; llama.cpp's default F16 cache would add its own rounding.
        contextParams.type_k = GGMLType.GGML_TYPE_F32;
        contextParams.type_v = GGMLType.GGML_TYPE_F32;
        using var context = SafeLLamaContextHandle.Create(model, contextParams);
        var batch = new LLamaBatch();
        for (var i = 0; i < prompt.Count; i++)
        {
            batch.Add(prompt[i], i, LLamaSeqId.Zero, i == prompt.Count - 1);
        }

        var ids = new List<int>();
        var kept = new List<float[]>();
        var position = prompt.Count;
        for (var step = 0; step < steps; step++)
        {
            var result = context.Decode(batch);
            if (result != DecodeResult.Ok)
            {
                throw new InvalidOperationException($"llama_decode failed: {result}");
            }

            var logits = context.GetLogitsIth(batch.TokenCount - 1);
            var best = 0;
            for (var t = 1; t < logits.Length; t++)
            {
                if (logits[t] > logits[best])
                {
                    best = t;
                }
            }

            if (step < keepLogitSteps)
            {
                kept.Add(logits.ToArray());
            }

            ids.Add(best);
            batch.Clear();
            batch.Add(best, position++, LLamaSeqId.Zero, true);
        }

        return new GreedyRun(ids.ToArray(), kept.ToArray());
    }
}
