using Synapse.Models.Gguf;

namespace Synapse.TestModels;

/// <summary>
/// Writes random-weight llama-architecture GGUF models (see <see cref="TestModelSpec"/>) that llama.cpp loads and
/// generates with. Weights are streamed tensor by tensor in chunks, so even a 1.1B-parameter model never sits in
/// memory; the file appears at its path only once complete (written beside it, then renamed).
/// </summary>
public static class TestModelBuilder
{
    /// <summary>Bump whenever the bytes written for a spec change: test-model caches key on it.</summary>
    public const int Version = 2;

    private const int ChunkElements = 1 << 16;

    /// <summary>Writes the model to <paramref name="path"/> (replacing any file there).</summary>
    public static void Write(TestModelSpec spec, string path, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentException.ThrowIfNullOrEmpty(path);
        spec.Validate();

        WriteAtomically(path, temp =>
        {
            var vocabulary = TestVocabulary.Create(spec.Tokenizer, spec.VocabSize, spec.ControlTokens);
            using (var writer = GgufWriter.Create(temp, CreateMetadata(spec, vocabulary)))
            {
                foreach (var (name, dimensions, type) in TensorPlan(spec))
                {
                    writer.AddTensor(name, dimensions, type);
                }

                writer.WriteHeader();
                var floats = new float[ChunkElements];
                var halves = new Half[ChunkElements];
                foreach (var tensor in writer.Tensors)
                {
                    var isNorm = tensor.Dimensions.Count == 1;
                    var generator = new WeightGenerator(spec.Seed, tensor.Name);
                    for (ulong done = 0; done < tensor.ElementCount;)
                    {
                        cancellationToken.ThrowIfCancellationRequested();
                        var n = (int)Math.Min((ulong)ChunkElements, tensor.ElementCount - done);
                        var chunk = floats.AsSpan(0, n);
                        if (isNorm)
                        {
                            chunk.Fill(1f);
                        }
                        else
                        {
                            generator.FillNormal(chunk, spec.WeightStdDev);
                        }

                        if (tensor.Type == GgmlType.F16)
                        {
                            for (var i = 0; i < n; i++)
                            {
                                halves[i] = (Half)chunk[i];
                            }

                            writer.WriteTensorData<Half>(halves.AsSpan(0, n));
                        }
                        else
                        {
                            writer.WriteTensorData<float>(chunk);
                        }

                        done += (ulong)n;
                    }
                }

                writer.Finish();
            }
        });
    }

    /// <summary>
    /// Writes only the metadata (hyper-parameters and tokenizer, no tensors), like llama.cpp's ggml-vocab files:
    /// enough for llama.cpp to load with <c>vocab_only</c> and tokenize, at a fraction of the size.
    /// </summary>
    public static void WriteVocabOnly(TestModelSpec spec, string path)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentException.ThrowIfNullOrEmpty(path);
        spec.Validate();
        WriteAtomically(path, temp =>
        {
            using var writer = GgufWriter.Create(temp, CreateMetadata(spec, TestVocabulary.Create(spec.Tokenizer, spec.VocabSize, spec.ControlTokens)));
            writer.Finish();
        });
    }

    /// <summary>Writes the model on a pool thread (generation is CPU-bound).</summary>
    public static Task WriteAsync(TestModelSpec spec, string path, CancellationToken cancellationToken = default) =>
        Task.Run(() => Write(spec, path, cancellationToken), cancellationToken);

    /// <summary>The metadata llama.cpp needs for a llama-architecture model, tokenizer included.</summary>
    public static GgufMetadata CreateMetadata(TestModelSpec spec, TestVocabulary vocabulary)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(vocabulary);
        spec.Validate();
        if (vocabulary.Count != spec.VocabSize)
        {
            throw new ArgumentException($"The vocabulary has {vocabulary.Count} tokens, the spec {spec.VocabSize}.", nameof(vocabulary));
        }

        var m = new GgufMetadata();
        m.Add("general.architecture", GgufValue.Of("llama"));
        m.Add("general.name", GgufValue.Of(spec.Name));
        m.Add("general.file_type", GgufValue.Of(spec.TensorType == GgmlType.F16 ? 1u : 0u));
        m.Add(GgufMetadata.AlignmentKey, GgufValue.Of(GgufMetadata.DefaultAlignment));
        m.Add("llama.vocab_size", GgufValue.Of((uint)spec.VocabSize));
        m.Add("llama.context_length", GgufValue.Of((uint)spec.ContextLength));
        m.Add("llama.embedding_length", GgufValue.Of((uint)spec.EmbeddingLength));
        m.Add("llama.block_count", GgufValue.Of((uint)spec.BlockCount));
        m.Add("llama.feed_forward_length", GgufValue.Of((uint)spec.FeedForwardLength));
        m.Add("llama.rope.dimension_count", GgufValue.Of((uint)spec.HeadDimension));
        m.Add("llama.rope.freq_base", GgufValue.Of(spec.RopeFreqBase));
        m.Add("llama.attention.head_count", GgufValue.Of((uint)spec.HeadCount));
        m.Add("llama.attention.head_count_kv", GgufValue.Of((uint)spec.HeadCountKv));
        m.Add("llama.attention.layer_norm_rms_epsilon", GgufValue.Of(spec.RmsNormEpsilon));
        vocabulary.AddTo(m);
        return m;
    }

    // The file appears at its path only once complete, so a cancelled or failed write never leaves a half model.
    private static void WriteAtomically(string path, Action<string> write)
    {
        var full = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        var temp = full + $".{Guid.NewGuid():N}.partial";
        try
        {
            write(temp);
            File.Move(temp, full, overwrite: true);
        }
        finally
        {
            File.Delete(temp);
        }
    }

    /// <summary>The tensors of the model: names, dimensions innermost-first (as ggml lists them) and types.</summary>
    public static IReadOnlyList<(string Name, ulong[] Dimensions, GgmlType Type)> TensorPlan(TestModelSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var embd = (ulong)spec.EmbeddingLength;
        var kv = (ulong)(spec.HeadDimension * spec.HeadCountKv);
        var ff = (ulong)spec.FeedForwardLength;
        var vocab = (ulong)spec.VocabSize;
        var w = spec.TensorType;

        var plan = new List<(string, ulong[], GgmlType)>
        {
            ("token_embd.weight", [embd, vocab], w),
            ("output_norm.weight", [embd], GgmlType.F32),
        };
        if (!spec.TiedEmbeddings)
        {
            plan.Add(("output.weight", [embd, vocab], w));
        }

        for (var b = 0; b < spec.BlockCount; b++)
        {
            var p = $"blk.{b}.";
            plan.Add((p + "attn_norm.weight", [embd], GgmlType.F32));
            plan.Add((p + "attn_q.weight", [embd, embd], w));
            plan.Add((p + "attn_k.weight", [embd, kv], w));
            plan.Add((p + "attn_v.weight", [embd, kv], w));
            plan.Add((p + "attn_output.weight", [embd, embd], w));
            plan.Add((p + "ffn_norm.weight", [embd], GgmlType.F32));
            plan.Add((p + "ffn_gate.weight", [embd, ff], w));
            plan.Add((p + "ffn_up.weight", [embd, ff], w));
            plan.Add((p + "ffn_down.weight", [ff, embd], w));
        }

        return plan;
    }
}
