using System.Text;
using LLama.Native;
using Xunit;

namespace Synapse.Testing.Llama;

/// <summary>Just enough of llama.cpp (through LLamaSharp's low-level API) to check a generated model really works.</summary>
public sealed class LlamaRunner : IDisposable
{
    private readonly SafeLlamaModelHandle _model;

    public LlamaRunner(string path, bool vocabOnly = false)
    {
        NativeApi.llama_empty_call();
        var parameters = LLamaModelParams.Default();
        parameters.vocab_only = vocabOnly;
        _model = SafeLlamaModelHandle.LoadFromFile(path, parameters);
    }

    public SafeLlamaModelHandle Model => _model;

    public int[] Tokenize(string text, bool addBos = false, bool special = false) =>
        _model.Tokenize(text, addBos, special, Encoding.UTF8).Select(t => (int)t).ToArray();

    public string Detokenize(IEnumerable<int> tokens, bool special = false)
    {
        var bytes = new List<byte>();
        Span<byte> buffer = stackalloc byte[256];
        foreach (var token in tokens)
        {
            var n = (int)_model.TokenToSpan(token, buffer, 0, special);
            bytes.AddRange(buffer[..n].ToArray());
        }

        return Encoding.UTF8.GetString(bytes.ToArray());
    }

    /// <summary>Decodes the prompt, then picks the arg-max token <paramref name="count"/> times.</summary>
    public int[] GenerateGreedy(IReadOnlyList<int> prompt, int count) =>
        RunGreedy(prompt, count, keepLogitSteps: 0, contextSize: 256, float32Cache: false).Ids;

    /// <summary>
    /// Decodes the prompt, then takes the arg-max token step after step (no sampling, no penalties, EOS does not
    /// stop), keeping the full logits of the first <paramref name="keepLogitSteps"/> steps.
    /// </summary>
    public GreedyRun RunGreedy(IReadOnlyList<int> prompt, int steps, int keepLogitSteps, uint contextSize, bool float32Cache)
    {
        var contextParams = LLamaContextParams.Default();
        contextParams.n_ctx = contextSize;
        contextParams.n_batch = contextSize;
        contextParams.n_ubatch = contextSize;
        contextParams.n_threads = 1;
        contextParams.n_threads_batch = 1;
        if (float32Cache)
        {
            contextParams.type_k = GGMLType.GGML_TYPE_F32;
            contextParams.type_v = GGMLType.GGML_TYPE_F32;
        }

        using var context = SafeLLamaContextHandle.Create(_model, contextParams);
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

            Assert.True(float.IsFinite(logits[best]), "logits must be finite");
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

    /// <summary>
    /// The pooled embedding llama.cpp computes for <paramref name="tokens"/> (one sequence, one batch, the pooling the
    /// GGUF names), without normalisation.
    /// </summary>
    public float[] Embed(IReadOnlyList<int> tokens)
    {
        var contextParams = LLamaContextParams.Default();
        contextParams.n_ctx = 128;
        contextParams.n_batch = 128;
        contextParams.n_ubatch = 128;
        contextParams.n_threads = 1;
        contextParams.n_threads_batch = 1;
        contextParams.embeddings = true;
        using var context = SafeLLamaContextHandle.Create(_model, contextParams);
        var batch = new LLamaBatch();
        for (var i = 0; i < tokens.Count; i++)
        {
            batch.Add(tokens[i], i, LLamaSeqId.Zero, true);
        }

        var result = context.Decode(batch);
        if (result != DecodeResult.Ok)
        {
            throw new InvalidOperationException($"llama_decode failed: {result}");
        }

        return context.GetEmbeddingsSeq(LLamaSeqId.Zero).ToArray();
    }

    public void Dispose() => _model.Dispose();
}
