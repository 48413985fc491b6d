using System.Text.Json.Nodes;
using Synapse.Models.Conversion;
using Synapse.Models.Gguf;

namespace Synapse.Models.Tests.Conversion;

/// <summary>Each family's transformations on small hand-made checkpoints, read back value by value.</summary>
public sealed class ArchitectureConversionTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("synapse-arch-").FullName;

    [Fact]
    public async Task Llama_permutes_q_by_heads_and_k_by_kv_heads_into_interleaved_order()
    {
        // 2 heads of 4 rows for q, 1 KV head of 4 rows for k: each head's rows [0,1,2,3] become [0,2,1,3].
        var config = Config("""{"architectures":["LlamaForCausalLM"],"hidden_size":8,"num_attention_heads":2,"num_key_value_heads":1,"intermediate_size":16,"vocab_size":300,"num_hidden_layers":1,"rms_norm_eps":1e-5,"rope_theta":10000.0,"max_position_embeddings":64}""");
        var builder = HfModelBuilder.Decoder(config, 1, lmHead: true);
        builder.Tensor("model.layers.0.self_attn.q_proj.bias", [8], i => i);
        config["attention_bias"] = true;
        using var gguf = await Convert(builder, ModelQuantization.F32);

        var q = gguf.Values("blk.0.attn_q.weight");
        int[] order = [0, 2, 1, 3, 4, 6, 5, 7];
        for (var row = 0; row < 8; row++)
        {
            Assert.Equal(order[row] * 8 * 0.01f, q[row * 8], 5);
        }

        var k = gguf.Values("blk.0.attn_k.weight");
        Assert.Equal([0f, 2, 1, 3], Enumerable.Range(0, 4).Select(r => MathF.Round(k[r * 8] / (8 * 0.01f))));
        Assert.Equal([0f, 2, 1, 3, 4, 6, 5, 7], gguf.Values("blk.0.attn_q.bias"));
        Assert.Equal(32, gguf.Values("blk.0.attn_v.weight").Length);
        Assert.Equal("llama", gguf.Metadata.GetString("general.architecture"));
        Assert.Equal(300, gguf.Metadata.GetInt32("llama.vocab_size"));
        Assert.Equal(4, gguf.Metadata.GetInt32("llama.rope.dimension_count"));
        Assert.Equal(1, gguf.Metadata.GetInt32("llama.attention.head_count_kv"));
        Assert.Contains("output.weight", gguf.TensorNames);
        Assert.DoesNotContain("rope_freqs.weight", gguf.TensorNames);
    }

    [Fact]
    public async Task Llama3_rope_scaling_becomes_the_rope_freqs_tensor()
    {
        var config = Config("""{"architectures":["LlamaForCausalLM"],"hidden_size":256,"num_attention_heads":2,"num_key_value_heads":2,"intermediate_size":32,"vocab_size":300,"num_hidden_layers":1,"rms_norm_eps":1e-5,"rope_theta":500000.0,"max_position_embeddings":131072,"rope_scaling":{"factor":8.0,"low_freq_factor":1.0,"high_freq_factor":4.0,"original_max_position_embeddings":8192,"rope_type":"llama3"},"tie_word_embeddings":true}""");
        using var gguf = await Convert(HfModelBuilder.Decoder(config, 1, lmHead: false), ModelQuantization.F16);

        var factors = gguf.Values("rope_freqs.weight");
        Assert.Equal(GgmlType.F32, gguf.Info("rope_freqs.weight").Type);
        Assert.Equal(64, factors.Length); // head_dim 128 / 2
        Assert.Equal(1f, factors[0]); // high frequencies are left alone
        Assert.Equal(8f, factors[^1]); // low frequencies are scaled by the full factor
        Assert.True(factors.Zip(factors.Skip(1)).All(p => p.First <= p.Second), "factors grow with the wavelength");
        Assert.Contains(factors, f => f is > 1f and < 8f);
        Assert.DoesNotContain("output.weight", gguf.TensorNames);
    }

    [Fact]
    public async Task Gemma_adds_one_to_norms_keeps_them_f32_and_drops_lm_head()
    {
        var config = Config("""{"architectures":["GemmaForCausalLM"],"hidden_size":8,"num_attention_heads":2,"num_key_value_heads":1,"head_dim":4,"intermediate_size":16,"vocab_size":300,"num_hidden_layers":1,"rms_norm_eps":1e-6,"rope_theta":10000.0,"max_position_embeddings":64}""");
        using var gguf = await Convert(HfModelBuilder.Decoder(config, 1, lmHead: true), ModelQuantization.F16);

        Assert.All(gguf.Values("blk.0.attn_norm.weight"), v => Assert.Equal(1.5f, v));
        Assert.All(gguf.Values("blk.0.ffn_norm.weight"), v => Assert.Equal(1.25f, v));
        Assert.All(gguf.Values("output_norm.weight"), v => Assert.Equal(1.75f, v));
        Assert.Equal(GgmlType.F32, gguf.Info("output_norm.weight").Type);
        Assert.Equal(GgmlType.F16, gguf.Info("blk.0.attn_q.weight").Type);
        Assert.DoesNotContain("output.weight", gguf.TensorNames);
        Assert.Equal(4, gguf.Metadata.GetInt32("gemma.attention.key_length"));
        Assert.Equal(1L, gguf.Metadata.GetInt64("general.file_type"));
        // Gemma's q/k rows are not permuted: llama.cpp applies its RoPE in the NeoX order.
        Assert.Equal(0.08f, gguf.Values("blk.0.attn_q.weight")[8], 3);
    }

    [Fact]
    public async Task Gemma2_folds_a_differing_query_scalar_into_q_and_writes_softcaps()
    {
        var config = Config("""{"architectures":["Gemma2ForCausalLM"],"hidden_size":8,"num_attention_heads":2,"num_key_value_heads":1,"head_dim":4,"intermediate_size":16,"vocab_size":300,"num_hidden_layers":1,"rms_norm_eps":1e-6,"rope_theta":10000.0,"max_position_embeddings":64,"query_pre_attn_scalar":16,"attn_logit_softcapping":50.0,"final_logit_softcapping":30.0,"sliding_window":32}""");
        var builder = HfModelBuilder.Decoder(config, 1, lmHead: false, (_, p) =>
            [(p + "pre_feedforward_layernorm.weight", [8]), (p + "post_feedforward_layernorm.weight", [8])]);
        using var gguf = await Convert(builder, ModelQuantization.F32);

        // HF scales q·k by 16^-0.5, llama.cpp by 4^-0.5: q must carry sqrt(4/16) = 0.5.
        Assert.Equal(0.5f * 0.01f * 9, gguf.Values("blk.0.attn_q.weight")[9], 6);
        Assert.Equal(0.01f * 9, gguf.Values("blk.0.attn_k.weight")[9], 6);
        Assert.All(gguf.Values("blk.0.post_attention_norm.weight"), v => Assert.Equal(1.25f, v));
        Assert.All(gguf.Values("blk.0.ffn_norm.weight"), v => Assert.Equal(1.125f, v));
        Assert.All(gguf.Values("blk.0.post_ffw_norm.weight"), v => Assert.Equal(1.125f, v));
        Assert.Equal(50f, gguf.Metadata["gemma2.attn_logit_softcapping"].Value);
        Assert.Equal(30f, gguf.Metadata["gemma2.final_logit_softcapping"].Value);
        Assert.Equal(32, gguf.Metadata.GetInt32("gemma2.attention.sliding_window"));
    }

    [Fact]
    public async Task Gemma3_multimodal_converts_its_language_model_only()
    {
        // Like Gemma 3 4B's, this text_config leaves heads, head_dim and more to transformers' defaults (8, 4 KV, 256).
        var text = Config("""{"hidden_size":8,"intermediate_size":16,"vocab_size":310,"num_hidden_layers":1,"query_pre_attn_scalar":64,"sliding_window":16}""");
        var config = Config("""{"architectures":["Gemma3ForConditionalGeneration"],"model_type":"gemma3"}""");
        config["text_config"] = text;
        var builder = new HfModelBuilder(config);
        var full = (JsonObject)text.DeepClone();
        full["num_attention_heads"] = 8;
        full["num_key_value_heads"] = 4;
        full["head_dim"] = 256;
        var decoder = HfModelBuilder.Decoder(full, 1, lmHead: false, (_, p) =>
            [(p + "pre_feedforward_layernorm.weight", [8]), (p + "post_feedforward_layernorm.weight", [8]), (p + "self_attn.q_norm.weight", [256]), (p + "self_attn.k_norm.weight", [256])]);
        var directory = Path.Combine(_root, "gemma3");
        decoder.Write(directory);
        // Re-home the text tensors under the multimodal prefix and add a vision tensor to be skipped.
        using (var source = Synapse.Models.Safetensors.SafetensorsFile.Open(Path.Combine(directory, "model.safetensors")))
        {
            foreach (var tensor in source.Tensors)
            {
                using var view = source.Map(tensor, 0, (int)tensor.ByteLength);
                var values = System.Runtime.InteropServices.MemoryMarshal.Cast<byte, float>(view.Span).ToArray();
                builder.Tensor("language_model." + tensor.Name, tensor.Shape.ToArray(), i => values[i]);
            }
        }

        builder.Tensor("vision_tower.vision_model.embeddings.patch_embedding.weight", [4, 3]);
        Directory.Delete(directory, recursive: true);
        builder.Write(directory);

        var output = Path.Combine(_root, "gemma3.gguf");
        await HfToGgufConverter.ConvertAsync(directory, output, ModelQuantization.F32, null, (_, _) => PlaceholderTokenizer.Create(300), CancellationToken.None);
        using var gguf = new ConvertedGguf(output);

        Assert.Equal("gemma3", gguf.Metadata.GetString("general.architecture"));
        Assert.Equal([8UL, 300UL], gguf.Info("token_embd.weight").Dimensions); // rows past the vocabulary dropped
        // (1 + 0.125) * sqrt(256 / 64): the query-scalar correction rides on the q norm, which q_proj scaling could not survive.
        Assert.All(gguf.Values("blk.0.attn_q_norm.weight"), v => Assert.Equal(2.25f, v));
        Assert.All(gguf.Values("blk.0.attn_k_norm.weight"), v => Assert.Equal(1.125f, v));
        Assert.Equal(8, gguf.Metadata.GetInt32("gemma3.attention.head_count"));
        Assert.Equal(4, gguf.Metadata.GetInt32("gemma3.attention.head_count_kv"));
        Assert.Equal(256, gguf.Metadata.GetInt32("gemma3.attention.key_length"));
        Assert.DoesNotContain(gguf.TensorNames, n => n.Contains("patch", StringComparison.Ordinal));
        Assert.Equal(16, gguf.Metadata.GetInt32("gemma3.attention.sliding_window"));
        Assert.Equal(1_000_000f, gguf.Metadata["gemma3.rope.freq_base"].Value);
    }

    [Fact]
    public async Task Gpt2_transposes_conv1d_keeps_fused_qkv_drops_mask_buffers_and_keeps_positions_f32()
    {
        var config = Config("""{"architectures":["GPT2LMHeadModel"],"n_embd":4,"n_head":2,"n_layer":1,"n_ctx":16,"n_positions":16,"layer_norm_epsilon":1e-5,"vocab_size":300}""");
        var builder = new HfModelBuilder(config)
            .Tensor("transformer.wte.weight", [300, 4])
            .Tensor("transformer.wpe.weight", [16, 4])
            .Tensor("transformer.h.0.ln_1.weight", [4])
            .Tensor("transformer.h.0.ln_1.bias", [4])
            .Tensor("transformer.h.0.attn.bias", [1, 1, 16, 16])
            .Tensor("transformer.h.0.attn.c_attn.weight", [4, 12], i => i)
            .Tensor("transformer.h.0.attn.c_attn.bias", [12])
            .Tensor("transformer.h.0.attn.c_proj.weight", [4, 4])
            .Tensor("transformer.h.0.attn.c_proj.bias", [4])
            .Tensor("transformer.h.0.ln_2.weight", [4])
            .Tensor("transformer.h.0.ln_2.bias", [4])
            .Tensor("transformer.h.0.mlp.c_fc.weight", [4, 16])
            .Tensor("transformer.h.0.mlp.c_fc.bias", [16])
            .Tensor("transformer.h.0.mlp.c_proj.weight", [16, 4])
            .Tensor("transformer.h.0.mlp.c_proj.bias", [4])
            .Tensor("transformer.ln_f.weight", [4])
            .Tensor("transformer.ln_f.bias", [4]);
        using var gguf = await Convert(builder, ModelQuantization.F16);

        Assert.Equal([4UL, 12UL], gguf.Info("blk.0.attn_qkv.weight").Dimensions);
        var qkv = gguf.Values("blk.0.attn_qkv.weight");
        Assert.Equal([0f, 12, 24, 36, 1, 13, 25, 37], qkv[..8]);
        Assert.Equal([16UL, 4UL], gguf.Info("blk.0.ffn_down.weight").Dimensions);
        Assert.Equal(GgmlType.F32, gguf.Info("position_embd.weight").Type);
        Assert.Equal(GgmlType.F16, gguf.Info("token_embd.weight").Type);
        Assert.DoesNotContain(gguf.TensorNames, n => n.Contains("attn.bias", StringComparison.Ordinal) || n == "output.weight");
        Assert.Equal(16, gguf.Metadata.GetInt32("gpt2.feed_forward_length"));
        Assert.Equal(16, gguf.Metadata.GetInt32("gpt2.context_length"));
    }

    [Fact]
    public async Task Phi3_keeps_fused_projections_and_sets_partial_rotary_and_longrope_factors()
    {
        var config = Config("""{"architectures":["Phi3ForCausalLM"],"hidden_size":16,"num_attention_heads":2,"num_key_value_heads":2,"intermediate_size":8,"vocab_size":300,"num_hidden_layers":1,"rms_norm_eps":1e-5,"rope_theta":10000.0,"max_position_embeddings":1024,"original_max_position_embeddings":256,"partial_rotary_factor":0.5,"sliding_window":null,"rope_scaling":{"type":"longrope","long_factor":[1.0,2.0],"short_factor":[1.0,1.5]}}""");
        var builder = new HfModelBuilder(config)
            .Tensor("model.embed_tokens.weight", [300, 16])
            .Tensor("model.layers.0.input_layernorm.weight", [16])
            .Tensor("model.layers.0.self_attn.qkv_proj.weight", [48, 16])
            .Tensor("model.layers.0.self_attn.o_proj.weight", [16, 16])
            .Tensor("model.layers.0.post_attention_layernorm.weight", [16])
            .Tensor("model.layers.0.mlp.gate_up_proj.weight", [16, 16])
            .Tensor("model.layers.0.mlp.down_proj.weight", [16, 8])
            .Tensor("model.norm.weight", [16])
            .Tensor("lm_head.weight", [300, 16]);
        using var gguf = await Convert(builder, ModelQuantization.F32);

        Assert.Equal([16UL, 48UL], gguf.Info("blk.0.attn_qkv.weight").Dimensions);
        Assert.Equal([16UL, 16UL], gguf.Info("blk.0.ffn_up.weight").Dimensions);
        Assert.Equal(4, gguf.Metadata.GetInt32("phi3.rope.dimension_count")); // 0.5 * 16 / 2
        Assert.Equal(0, gguf.Metadata.GetInt32("phi3.attention.sliding_window"));
        Assert.Equal(256, gguf.Metadata.GetInt32("phi3.rope.scaling.original_context_length"));
        Assert.Equal([1f, 2f], gguf.Values("rope_factors_long.weight"));
        Assert.Equal([1f, 1.5f], gguf.Values("rope_factors_short.weight"));
        Assert.Equal((float)Math.Sqrt(1 + Math.Log(4) / Math.Log(256)), (float)gguf.Metadata["phi3.rope.scaling.attn_factor"].Value, 5);
    }

    [Fact]
    public async Task Qwen3_maps_the_per_head_norms_and_keeps_bf16()
    {
        var config = Config("""{"architectures":["Qwen3ForCausalLM"],"hidden_size":8,"num_attention_heads":2,"num_key_value_heads":1,"head_dim":8,"intermediate_size":16,"vocab_size":300,"num_hidden_layers":1,"rms_norm_eps":1e-6,"rope_theta":1000000.0,"max_position_embeddings":64,"tie_word_embeddings":false}""");
        var builder = HfModelBuilder.Decoder(config, 1, lmHead: true, (_, p) => [(p + "self_attn.q_norm.weight", [8]), (p + "self_attn.k_norm.weight", [8])]);
        using var gguf = await Convert(builder, ModelQuantization.BF16);

        Assert.All(gguf.Values("blk.0.attn_q_norm.weight"), v => Assert.Equal(0.125f, v));
        Assert.Equal(GgmlType.BF16, gguf.Info("blk.0.attn_q.weight").Type);
        Assert.Equal(8, gguf.Metadata.GetInt32("qwen3.attention.key_length"));
        Assert.Equal(32L, gguf.Metadata.GetInt64("general.file_type"));
        // bf16 rounds to nearest even: 0.01 * 3 = 0.03 -> 0.030029296875
        Assert.Equal(0.030029296875f, gguf.Values("blk.0.attn_q.weight")[3]);
    }

    [Fact]
    public async Task An_unsupported_architecture_names_the_supported_ones_and_writes_nothing()
    {
        var config = Config("""{"architectures":["MambaForCausalLM"],"hidden_size":8,"vocab_size":300}""");
        var directory = new HfModelBuilder(config).Tensor("backbone.embeddings.weight", [300, 8]).Write(Path.Combine(_root, "mamba"));
        var output = Path.Combine(_root, "out", "mamba.gguf");

        var error = await Assert.ThrowsAsync<UnsupportedArchitectureException>(() =>
            HfToGgufConverter.ConvertAsync(directory, output, ModelQuantization.F16, null, CancellationToken.None));

        Assert.IsAssignableFrom<NotSupportedException>(error);
        Assert.Equal("MambaForCausalLM", error.Architecture);
        foreach (var name in new[] { "GPT2LMHeadModel", "LlamaForCausalLM", "MistralForCausalLM", "Qwen2ForCausalLM", "Qwen3ForCausalLM", "GemmaForCausalLM", "Gemma2ForCausalLM", "Gemma3ForCausalLM", "Phi3ForCausalLM" })
        {
            Assert.Contains(name, error.Message, StringComparison.Ordinal);
        }

        Assert.False(File.Exists(output));
    }

    [Fact]
    public async Task A_tensor_the_family_does_not_have_is_named_in_the_error()
    {
        var config = Config("""{"architectures":["Qwen2ForCausalLM"],"hidden_size":8,"num_attention_heads":2,"num_key_value_heads":1,"intermediate_size":16,"vocab_size":300,"num_hidden_layers":1,"rms_norm_eps":1e-6,"rope_theta":10000.0,"max_position_embeddings":64}""");
        var builder = HfModelBuilder.Decoder(config, 1, lmHead: false).Tensor("model.layers.0.mystery.weight", [8]);

        var error = await Assert.ThrowsAsync<InvalidDataException>(() => Convert(builder, ModelQuantization.F32));
        Assert.Contains("model.layers.0.mystery.weight", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_vocabulary_that_does_not_fit_the_embedding_is_refused()
    {
        var config = Config("""{"architectures":["Qwen2ForCausalLM"],"hidden_size":8,"num_attention_heads":2,"num_key_value_heads":1,"intermediate_size":16,"vocab_size":300,"num_hidden_layers":1,"rms_norm_eps":1e-6,"rope_theta":10000.0,"max_position_embeddings":64}""");
        var directory = HfModelBuilder.Decoder(config, 1, lmHead: false).Write(Path.Combine(_root, "qwen2"));

        var error = await Assert.ThrowsAsync<InvalidDataException>(() => HfToGgufConverter.ConvertAsync(
            directory, Path.Combine(_root, "q.gguf"), ModelQuantization.F32, null, (_, _) => PlaceholderTokenizer.Create(290), CancellationToken.None));
        Assert.Contains("290 tokens", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Progress_runs_from_planning_through_every_tensor_to_done()
    {
        var config = Config("""{"architectures":["Qwen2ForCausalLM"],"hidden_size":8,"num_attention_heads":2,"num_key_value_heads":1,"intermediate_size":16,"vocab_size":300,"num_hidden_layers":2,"rms_norm_eps":1e-6,"rope_theta":10000.0,"max_position_embeddings":64}""");
        var directory = HfModelBuilder.Decoder(config, 2, lmHead: false).Write(Path.Combine(_root, "progress"));
        var reports = new List<ConversionProgress>();

        await HfToGgufConverter.ConvertAsync(directory, Path.Combine(_root, "p.gguf"), ModelQuantization.F16,
            new SynchronousProgress(reports.Add), PlaceholderTokenizer.Import, CancellationToken.None);

        Assert.Equal(ConversionStep.Planning, reports[0].Step);
        Assert.Equal(ConversionStep.Done, reports[^1].Step);
        var converting = reports.Where(r => r.Step == ConversionStep.Converting).ToList();
        Assert.Equal(20, converting[^1].TensorCount); // embeddings, 2 x 9 block tensors, final norm
        Assert.Equal(converting[^1].BytesTotal, converting[^1].BytesDone);
        Assert.True(converting.Zip(converting.Skip(1)).All(p => p.Second.BytesDone >= p.First.BytesDone));
    }

    [Fact]
    public async Task A_cancelled_conversion_leaves_no_file_behind()
    {
        var config = Config("""{"architectures":["Qwen2ForCausalLM"],"hidden_size":8,"num_attention_heads":2,"num_key_value_heads":1,"intermediate_size":16,"vocab_size":300,"num_hidden_layers":2,"rms_norm_eps":1e-6,"rope_theta":10000.0,"max_position_embeddings":64}""");
        var directory = HfModelBuilder.Decoder(config, 2, lmHead: false).Write(Path.Combine(_root, "cancel"));
        var outputDirectory = Directory.CreateDirectory(Path.Combine(_root, "cancelled")).FullName;
        using var cancellation = new CancellationTokenSource();
        var progress = new SynchronousProgress(p =>
        {
            if (p.Step == ConversionStep.Converting && p.TensorIndex == 5)
            {
                cancellation.Cancel();
            }
        });

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => HfToGgufConverter.ConvertAsync(
            directory, Path.Combine(outputDirectory, "c.gguf"), ModelQuantization.Q4_K_M, progress, PlaceholderTokenizer.Import, cancellation.Token));

        Assert.Empty(Directory.EnumerateFileSystemEntries(outputDirectory));
    }

    private async Task<ConvertedGguf> Convert(HfModelBuilder builder, ModelQuantization quantization)
    {
        var name = Guid.NewGuid().ToString("N");
        var directory = builder.Write(Path.Combine(_root, name));
        var output = Path.Combine(_root, name + ".gguf");
        await HfToGgufConverter.ConvertAsync(directory, output, quantization, null, PlaceholderTokenizer.Import, CancellationToken.None);
        return new ConvertedGguf(output);
    }

    private static JsonObject Config(string json) => (JsonObject)JsonNode.Parse(json)!;

    public void Dispose() => Directory.Delete(_root, recursive: true);
}
