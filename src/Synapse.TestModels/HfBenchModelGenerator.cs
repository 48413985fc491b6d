using System.Text;
using System.Text.Json.Nodes;
using Synapse.Models.Conversion.Tensors;
using Synapse.Models.Conversion.Tokenizers;
using Synapse.Models.Gguf;
using Synapse.Models.Safetensors;

namespace Synapse.TestModels;

/// <summary>
/// Writes a random-weight checkpoint in Hugging Face layout (config.json, BF16 safetensors sharded like the hub's
/// with an index, tokenizer files), the input of the conversion benchmark. Gemma 2: the tokenizer comes from a small
/// SentencePiece model directory (e.g. the tiny-gemma2 fixture) whose tokenizer.model is padded with unused pieces up
/// to the spec's vocabulary, so the embedding has the real model's size. Qwen2: a real byte-level BPE tokenizer.json
/// (e.g. the Qwen-Qwen3 fixture) is copied as it is; config.json's vocab_size pads it at conversion, as on the hub.
/// </summary>
public static class HfBenchModelGenerator
{
    private static readonly byte[] ZeroScore = new byte[4]; // float 0.0, little-endian

    private static readonly string[] TokenizerFiles =
        ["tokenizer_config.json", "special_tokens_map.json", "generation_config.json", "vocab.json", "merges.txt", "added_tokens.json",
            "vocab.txt", "modules.json", "sentence_bert_config.json"];

    public static async Task WriteAsync(HfBenchModelSpec spec, string tokenizerDirectory, string outputDirectory, ulong seed, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var tokenizerFile = spec.Architecture is HfBenchArchitecture.Qwen2 or HfBenchArchitecture.Bert ? "tokenizer.json" : "tokenizer.model";
        var tokenizerPath = Path.Combine(tokenizerDirectory, tokenizerFile);
        if (!File.Exists(tokenizerPath))
        {
            throw new FileNotFoundException(
                spec.Architecture switch
                {
                    HfBenchArchitecture.Qwen2 => $"No byte-level BPE tokenizer.json in {tokenizerDirectory}.",
                    HfBenchArchitecture.Bert => $"No WordPiece tokenizer.json in {tokenizerDirectory}.",
                    _ => $"No SentencePiece tokenizer.model in {tokenizerDirectory}.",
                },
                tokenizerPath);
        }

        Directory.CreateDirectory(outputDirectory);
        await Task.Run(() =>
        {
            foreach (var file in TokenizerFiles.Where(f => File.Exists(Path.Combine(tokenizerDirectory, f))))
            {
                CopyWritable(Path.Combine(tokenizerDirectory, file), Path.Combine(outputDirectory, file));
            }

            if (spec.Architecture is HfBenchArchitecture.Qwen2 or HfBenchArchitecture.Bert)
            {
                CopyWritable(tokenizerPath, Path.Combine(outputDirectory, tokenizerFile));
            }
            else
            {
                PadTokenizer(tokenizerPath, Path.Combine(outputDirectory, tokenizerFile), spec.Vocab);
            }

            if (spec.Architecture == HfBenchArchitecture.Bert)
            {
                // Mean pooling then Normalize, as bge and e5 ship it.
                Directory.CreateDirectory(Path.Combine(outputDirectory, "1_Pooling"));
                File.WriteAllText(Path.Combine(outputDirectory, "modules.json"),
                    """[{"idx":0,"name":"0","path":"","type":"sentence_transformers.models.Transformer"},{"idx":1,"name":"1","path":"1_Pooling","type":"sentence_transformers.models.Pooling"},{"idx":2,"name":"2","path":"2_Normalize","type":"sentence_transformers.models.Normalize"}]""");
                File.WriteAllText(Path.Combine(outputDirectory, "1_Pooling", "config.json"),
                    $$"""{"word_embedding_dimension":{{spec.Hidden}},"pooling_mode_cls_token":false,"pooling_mode_mean_tokens":true,"pooling_mode_max_tokens":false,"pooling_mode_lasttoken":false}""");
            }

            var config = spec.Architecture switch
            {
                HfBenchArchitecture.Qwen2 => Qwen2Config(spec),
                HfBenchArchitecture.Bert => BertConfig(spec),
                _ => Config(spec),
            };
            File.WriteAllText(Path.Combine(outputDirectory, "config.json"), config.ToJsonString(new() { WriteIndented = true }));
            WriteWeights(spec, outputDirectory, seed, cancellationToken);
        }, cancellationToken).ConfigureAwait(false);
    }

    // Fixture files may be read-only; a copy keeping that mode could not be overwritten by the next run.
    private static void CopyWritable(string source, string destination)
    {
        if (File.Exists(destination))
        {
            File.SetAttributes(destination, FileAttributes.Normal);
        }

        File.Copy(source, destination, overwrite: true);
        File.SetAttributes(destination, FileAttributes.Normal);
    }

    /// <summary>Appends UNUSED pieces to a SentencePiece ModelProto (repeated field 1 may recur anywhere).</summary>
    private static void PadTokenizer(string source, string destination, int vocab)
    {
        var bytes = File.ReadAllBytes(source);
        var existing = SentencePieceModelReader.Parse(bytes).Pieces.Count;
        if (existing > vocab)
        {
            throw new InvalidDataException($"{source} has {existing} pieces, more than the {vocab} the model shape needs.");
        }

        using var output = File.Create(destination);
        output.Write(bytes);
        var piece = new MemoryStream();
        for (var i = existing; i < vocab; i++)
        {
            piece.SetLength(0);
            var text = Encoding.UTF8.GetBytes($"<unused_pad{i}>");
            piece.WriteByte(0x0A);
            WriteVarint(piece, (ulong)text.Length);
            piece.Write(text);
            piece.WriteByte(0x15);
            piece.Write(ZeroScore);
            piece.WriteByte(0x18);
            piece.WriteByte(5); // UNUSED
            output.WriteByte(0x0A);
            WriteVarint(output, (ulong)piece.Length);
            piece.Position = 0;
            piece.CopyTo(output);
        }
    }

    private static void WriteVarint(Stream stream, ulong value)
    {
        while (value >= 0x80)
        {
            stream.WriteByte((byte)(value | 0x80));
            value >>= 7;
        }

        stream.WriteByte((byte)value);
    }

    private static JsonObject Config(HfBenchModelSpec spec) => new()
    {
        ["architectures"] = new JsonArray("Gemma2ForCausalLM"),
        ["attention_bias"] = false,
        ["attention_dropout"] = 0.0,
        ["attn_logit_softcapping"] = 50.0,
        ["bos_token_id"] = 2,
        ["cache_implementation"] = "hybrid",
        ["eos_token_id"] = 1,
        ["final_logit_softcapping"] = 30.0,
        ["head_dim"] = spec.HeadDim,
        ["hidden_act"] = "gelu_pytorch_tanh",
        ["hidden_activation"] = "gelu_pytorch_tanh",
        ["hidden_size"] = spec.Hidden,
        ["initializer_range"] = 0.02,
        ["intermediate_size"] = spec.Intermediate,
        ["max_position_embeddings"] = 8192,
        ["model_type"] = "gemma2",
        ["num_attention_heads"] = spec.Heads,
        ["num_hidden_layers"] = spec.Layers,
        ["num_key_value_heads"] = spec.KvHeads,
        ["pad_token_id"] = 0,
        ["query_pre_attn_scalar"] = spec.HeadDim,
        ["rms_norm_eps"] = 1e-6,
        ["rope_theta"] = 10000.0,
        ["sliding_window"] = 4096,
        ["torch_dtype"] = "bfloat16",
        ["vocab_size"] = spec.Vocab,
    };

    /// <summary>Qwen/Qwen2.5-0.5B-Instruct's config.json with the spec's sizes.</summary>
    private static JsonObject Qwen2Config(HfBenchModelSpec spec) => new()
    {
        ["architectures"] = new JsonArray("Qwen2ForCausalLM"),
        ["attention_dropout"] = 0.0,
        ["bos_token_id"] = 151643,
        ["eos_token_id"] = 151645,
        ["hidden_act"] = "silu",
        ["hidden_size"] = spec.Hidden,
        ["initializer_range"] = 0.02,
        ["intermediate_size"] = spec.Intermediate,
        ["max_position_embeddings"] = 32768,
        ["max_window_layers"] = 21,
        ["model_type"] = "qwen2",
        ["num_attention_heads"] = spec.Heads,
        ["num_hidden_layers"] = spec.Layers,
        ["num_key_value_heads"] = spec.KvHeads,
        ["rms_norm_eps"] = 1e-6,
        ["rope_theta"] = 1000000.0,
        ["sliding_window"] = 32768,
        ["tie_word_embeddings"] = true,
        ["torch_dtype"] = "bfloat16",
        ["use_cache"] = true,
        ["use_sliding_window"] = false,
        ["vocab_size"] = spec.Vocab,
    };

    /// <summary>BAAI/bge-base-en-v1.5's config.json with the spec's sizes.</summary>
    private static JsonObject BertConfig(HfBenchModelSpec spec) => new()
    {
        ["architectures"] = new JsonArray("BertModel"),
        ["attention_probs_dropout_prob"] = 0.1,
        ["hidden_act"] = "gelu",
        ["hidden_dropout_prob"] = 0.1,
        ["hidden_size"] = spec.Hidden,
        ["initializer_range"] = 0.02,
        ["intermediate_size"] = spec.Intermediate,
        ["layer_norm_eps"] = 1e-12,
        ["max_position_embeddings"] = 512,
        ["model_type"] = "bert",
        ["num_attention_heads"] = spec.Heads,
        ["num_hidden_layers"] = spec.Layers,
        ["pad_token_id"] = 0,
        ["position_embedding_type"] = "absolute",
        ["torch_dtype"] = "float32",
        ["type_vocab_size"] = 2,
        ["vocab_size"] = spec.Vocab,
    };

    private static List<SafetensorsTensorSpec> Tensors(HfBenchModelSpec spec) => spec.Architecture switch
    {
        HfBenchArchitecture.Qwen2 => Qwen2Tensors(spec),
        HfBenchArchitecture.Bert => BertTensors(spec),
        _ => Gemma2Tensors(spec),
    };

    private static List<SafetensorsTensorSpec> BertTensors(HfBenchModelSpec spec)
    {
        var h = spec.Hidden;
        var tensors = new List<SafetensorsTensorSpec>
        {
            new("embeddings.word_embeddings.weight", SafetensorsDType.BF16, [spec.Vocab, h]),
            new("embeddings.position_embeddings.weight", SafetensorsDType.BF16, [512, h]),
            new("embeddings.token_type_embeddings.weight", SafetensorsDType.BF16, [2, h]),
            new("embeddings.LayerNorm.weight", SafetensorsDType.BF16, [h]),
            new("embeddings.LayerNorm.bias", SafetensorsDType.BF16, [h]),
        };
        for (var i = 0; i < spec.Layers; i++)
        {
            var p = $"encoder.layer.{i}.";
            foreach (var (module, rows, columns) in new[]
            {
                ("attention.self.query", h, h), ("attention.self.key", h, h), ("attention.self.value", h, h),
                ("attention.output.dense", h, h), ("intermediate.dense", spec.Intermediate, h), ("output.dense", h, spec.Intermediate),
            })
            {
                tensors.Add(new(p + module + ".weight", SafetensorsDType.BF16, [rows, columns]));
                tensors.Add(new(p + module + ".bias", SafetensorsDType.BF16, [rows]));
            }

            foreach (var norm in new[] { "attention.output.LayerNorm", "output.LayerNorm" })
            {
                tensors.Add(new(p + norm + ".weight", SafetensorsDType.BF16, [h]));
                tensors.Add(new(p + norm + ".bias", SafetensorsDType.BF16, [h]));
            }
        }

        return tensors;
    }

    private static List<SafetensorsTensorSpec> Qwen2Tensors(HfBenchModelSpec spec)
    {
        var tensors = new List<SafetensorsTensorSpec> { new("model.embed_tokens.weight", SafetensorsDType.BF16, [spec.Vocab, spec.Hidden]) };
        for (var i = 0; i < spec.Layers; i++)
        {
            var p = $"model.layers.{i}.";
            tensors.AddRange(
            [
                new(p + "input_layernorm.weight", SafetensorsDType.BF16, [spec.Hidden]),
                new(p + "self_attn.q_proj.weight", SafetensorsDType.BF16, [spec.Heads * spec.HeadDim, spec.Hidden]),
                new(p + "self_attn.q_proj.bias", SafetensorsDType.BF16, [spec.Heads * spec.HeadDim]),
                new(p + "self_attn.k_proj.weight", SafetensorsDType.BF16, [spec.KvHeads * spec.HeadDim, spec.Hidden]),
                new(p + "self_attn.k_proj.bias", SafetensorsDType.BF16, [spec.KvHeads * spec.HeadDim]),
                new(p + "self_attn.v_proj.weight", SafetensorsDType.BF16, [spec.KvHeads * spec.HeadDim, spec.Hidden]),
                new(p + "self_attn.v_proj.bias", SafetensorsDType.BF16, [spec.KvHeads * spec.HeadDim]),
                new(p + "self_attn.o_proj.weight", SafetensorsDType.BF16, [spec.Hidden, spec.Heads * spec.HeadDim]),
                new(p + "post_attention_layernorm.weight", SafetensorsDType.BF16, [spec.Hidden]),
                new(p + "mlp.gate_proj.weight", SafetensorsDType.BF16, [spec.Intermediate, spec.Hidden]),
                new(p + "mlp.up_proj.weight", SafetensorsDType.BF16, [spec.Intermediate, spec.Hidden]),
                new(p + "mlp.down_proj.weight", SafetensorsDType.BF16, [spec.Hidden, spec.Intermediate]),
            ]);
        }

        tensors.Add(new("model.norm.weight", SafetensorsDType.BF16, [spec.Hidden]));
        return tensors;
    }

    private static List<SafetensorsTensorSpec> Gemma2Tensors(HfBenchModelSpec spec)
    {
        var tensors = new List<SafetensorsTensorSpec> { new("model.embed_tokens.weight", SafetensorsDType.BF16, [spec.Vocab, spec.Hidden]) };
        for (var i = 0; i < spec.Layers; i++)
        {
            var p = $"model.layers.{i}.";
            tensors.AddRange(
            [
                new(p + "input_layernorm.weight", SafetensorsDType.BF16, [spec.Hidden]),
                new(p + "self_attn.q_proj.weight", SafetensorsDType.BF16, [spec.Heads * spec.HeadDim, spec.Hidden]),
                new(p + "self_attn.k_proj.weight", SafetensorsDType.BF16, [spec.KvHeads * spec.HeadDim, spec.Hidden]),
                new(p + "self_attn.v_proj.weight", SafetensorsDType.BF16, [spec.KvHeads * spec.HeadDim, spec.Hidden]),
                new(p + "self_attn.o_proj.weight", SafetensorsDType.BF16, [spec.Hidden, spec.Heads * spec.HeadDim]),
                new(p + "post_attention_layernorm.weight", SafetensorsDType.BF16, [spec.Hidden]),
                new(p + "pre_feedforward_layernorm.weight", SafetensorsDType.BF16, [spec.Hidden]),
                new(p + "mlp.gate_proj.weight", SafetensorsDType.BF16, [spec.Intermediate, spec.Hidden]),
                new(p + "mlp.up_proj.weight", SafetensorsDType.BF16, [spec.Intermediate, spec.Hidden]),
                new(p + "mlp.down_proj.weight", SafetensorsDType.BF16, [spec.Hidden, spec.Intermediate]),
                new(p + "post_feedforward_layernorm.weight", SafetensorsDType.BF16, [spec.Hidden]),
            ]);
        }

        tensors.Add(new("model.norm.weight", SafetensorsDType.BF16, [spec.Hidden]));
        return tensors;
    }

    private static void WriteWeights(HfBenchModelSpec spec, string directory, ulong seed, CancellationToken cancellationToken)
    {
        var tensors = Tensors(spec);
        var shards = new List<List<SafetensorsTensorSpec>> { new() };
        long size = 0;
        foreach (var tensor in tensors)
        {
            if (size > 0 && size + tensor.ByteLength > spec.MaxShardBytes)
            {
                shards.Add([]);
                size = 0;
            }

            shards[^1].Add(tensor);
            size += tensor.ByteLength;
        }

        var weightMap = new JsonObject();
        var values = new float[1 << 20];
        var encoded = new byte[values.Length * 2];
        for (var s = 0; s < shards.Count; s++)
        {
            var name = shards.Count == 1 ? SafetensorsCheckpoint.SingleFileName : $"model-{s + 1:D5}-of-{shards.Count:D5}.safetensors";
            using var writer = SafetensorsWriter.Create(Path.Combine(directory, name), shards[s], new Dictionary<string, string> { ["format"] = "pt" });
            foreach (var tensor in shards[s])
            {
                weightMap[tensor.Name] = name;
                var generator = new WeightGenerator(seed, tensor.Name);
                var isNorm = tensor.Shape.Count == 1;
                for (long done = 0, count = tensor.ByteLength / 2; done < count; done += values.Length)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    var n = (int)Math.Min(values.Length, count - done);
                    generator.FillNormal(values.AsSpan(0, n), isNorm ? 0.1f : 0.02f);
                    FloatCodec.Encode(values.AsSpan(0, n), GgmlType.BF16, encoded);
                    writer.Write(encoded.AsSpan(0, n * 2));
                }
            }

            writer.Finish();
        }

        if (shards.Count > 1)
        {
            var index = new JsonObject
            {
                ["metadata"] = new JsonObject { ["total_size"] = tensors.Sum(t => t.ByteLength) },
                ["weight_map"] = weightMap,
            };
            File.WriteAllText(Path.Combine(directory, SafetensorsCheckpoint.IndexFileName), index.ToJsonString(new() { WriteIndented = true }));
        }
    }
}
