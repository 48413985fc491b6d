using Synapse.Models.Gguf;
using Synapse.TestModels;
using Synapse.Testing;
using Synapse.Testing.Llama;

namespace Synapse.TestModels.Tests;

public sealed class TestModelBuilderTests
{
    [Fact]
    public void Tiny_model_loads_in_llama_cpp_with_the_spec_shape_and_vocabulary()
    {
        var spec = TestModelSpec.Tiny;
        using var runner = new LlamaRunner(global::Synapse.Testing.TestModels.TinyChatModelPath);
        var vocabulary = TestVocabulary.Create(spec.Tokenizer, spec.VocabSize);

        Assert.Equal(spec.EmbeddingLength, runner.Model.EmbeddingSize);
        Assert.Equal(spec.BlockCount, runner.Model.LayerCount);
        Assert.Equal(spec.HeadCount, runner.Model.HeadCount);
        Assert.Equal(spec.HeadCountKv, runner.Model.KVHeadCount);
        Assert.Equal(spec.VocabSize, runner.Model.Vocab.Count);
        Assert.Equal(vocabulary.EosId, (int?)runner.Model.Vocab.EOS);
        Assert.Equal(vocabulary.EotId, (int?)runner.Model.Vocab.EOT);
        Assert.Equal(vocabulary.BosId, (int?)runner.Model.Vocab.BOS);
        Assert.False(runner.Model.Vocab.ShouldAddBOS);
        Assert.Equal(ChatTemplates.ChatML, runner.Model.GetTemplate(null, strict: true));
    }

    [Theory]
    [InlineData("Hello world")]
    [InlineData("Hello, how are you today? The quick brown fox.")]
    [InlineData("numbers 123 and 2024; it's fine\nnew line  two spaces")]
    [InlineData("unicode: café, naïve, 日本語, emoji 🙂")]
    public void Byte_level_tokenizer_matches_the_reference_and_round_trips(string text)
    {
        var spec = TestModelSpec.Tiny;
        var vocabulary = TestVocabulary.Create(spec.Tokenizer, spec.VocabSize);
        using var runner = new LlamaRunner(global::Synapse.Testing.TestModels.TinyChatModelPath);

        var ids = runner.Tokenize(text);

        Assert.Equal(vocabulary.Encode(text), ids);
        Assert.Equal(text, runner.Detokenize(ids));
    }

    [Fact]
    public void Hello_world_uses_learnt_merges()
    {
        var vocabulary = TestVocabulary.Create(TestModelSpec.Tiny.Tokenizer, TestModelSpec.Tiny.VocabSize);
        using var runner = new LlamaRunner(global::Synapse.Testing.TestModels.TinyChatModelPath);

        var ids = runner.Tokenize("Hello world");

        // "Hello" and " world" are frequent in the corpus, so they are whole tokens ("Ġ" is GPT-2's space).
        Assert.Equal([vocabulary.IdOf("Hello"), vocabulary.IdOf("\u0120world")], ids);
    }

    [Fact]
    public void Special_tokens_are_parsed_as_control_tokens()
    {
        var vocabulary = TestVocabulary.Create(TestModelSpec.Tiny.Tokenizer, TestModelSpec.Tiny.VocabSize);
        using var runner = new LlamaRunner(global::Synapse.Testing.TestModels.TinyChatModelPath);

        var ids = runner.Tokenize("<|im_start|>user\nHi<|im_end|>", special: true);

        Assert.Equal(vocabulary.IdOf(TestVocabulary.ImStart), ids[0]);
        Assert.Equal(vocabulary.IdOf(TestVocabulary.ImEnd), ids[^1]);
        Assert.Equal(string.Empty, runner.Detokenize([ids[^1]], special: false));
        Assert.Equal("<|im_end|>", runner.Detokenize([ids[^1]], special: true));
    }

    [Fact]
    public void Greedy_generation_is_deterministic()
    {
        using var runner = new LlamaRunner(global::Synapse.Testing.TestModels.TinyChatModelPath);
        var prompt = runner.Tokenize("<|im_start|>user\nHello world<|im_end|>\n<|im_start|>assistant\n", special: true);

        var first = runner.GenerateGreedy(prompt, 16);
        var second = runner.GenerateGreedy(prompt, 16);

        Assert.Equal(16, first.Length);
        Assert.Equal(first, second);
        Assert.All(first, t => Assert.InRange(t, 0, TestModelSpec.Tiny.VocabSize - 1));
    }

    [Fact]
    public void SentencePiece_variant_loads_and_tokenizes_like_the_reference()
    {
        var spec = TestModelSpec.Tiny with { Name = "synapse-tiny-spm", Tokenizer = TestTokenizerKind.LlamaSentencePiece };
        var vocabulary = TestVocabulary.Create(spec.Tokenizer, spec.VocabSize);
        using var runner = new LlamaRunner(global::Synapse.Testing.TestModels.TinySentencePieceModelPath);

        Assert.Equal("llama", vocabulary.Model);
        Assert.True(runner.Model.Vocab.ShouldAddBOS);
        Assert.Equal(vocabulary.EotId, (int?)runner.Model.Vocab.EOT);
        foreach (var text in new[] { "Hello world", "The capital of France is Paris.", "café 日本 🙂\nline" })
        {
            var ids = runner.Tokenize(text);
            Assert.Equal(vocabulary.Encode(text), ids);
            // llama.cpp keeps the space SentencePiece put before the first word.
            Assert.Equal(" " + text, runner.Detokenize(ids));
            Assert.Equal([vocabulary.BosId, .. ids], runner.Tokenize(text, addBos: true));
        }

        var prompt = runner.Tokenize("<|im_start|>user\nHi<|im_end|>\n<|im_start|>assistant\n", addBos: true, special: true);
        Assert.Equal(runner.GenerateGreedy(prompt, 8), runner.GenerateGreedy(prompt, 8));
    }

    [Fact]
    public void Building_is_deterministic_and_the_seed_matters()
    {
        var dir = Directory.CreateTempSubdirectory("synapse-builder-");
        try
        {
            var spec = TestModelSpec.Tiny with { BlockCount = 1, TensorType = GgmlType.F32 };
            var a = Path.Combine(dir.FullName, "a.gguf");
            var b = Path.Combine(dir.FullName, "b.gguf");
            var c = Path.Combine(dir.FullName, "c.gguf");
            TestModelBuilder.Write(spec, a);
            TestModelBuilder.Write(spec, b);
            TestModelBuilder.Write(spec with { Seed = spec.Seed + 1 }, c);

            Assert.Equal(File.ReadAllBytes(a), File.ReadAllBytes(b));
            Assert.NotEqual(File.ReadAllBytes(a), File.ReadAllBytes(c));
            Assert.Single(Directory.GetFiles(dir.FullName, "a.gguf*"));
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Fact]
    public void Written_file_has_the_planned_tensors_metadata_and_weight_statistics()
    {
        var spec = TestModelSpec.Tiny;
        using var reader = GgufReader.Open(global::Synapse.Testing.TestModels.TinyChatModelPath);
        var file = reader.File;

        Assert.Equal("llama", file.Metadata.GetString("general.architecture"));
        Assert.Equal(1, file.Metadata.GetInt32("general.file_type"));
        Assert.Equal(spec.HeadDimension, file.Metadata.GetInt32("llama.rope.dimension_count"));
        Assert.Equal(spec.VocabSize, file.Metadata.GetArray("tokenizer.ggml.tokens").Count);
        Assert.Equal(spec.VocabSize, file.Metadata.GetArray("tokenizer.ggml.token_type").Count);
        Assert.Equal("gpt-2", file.Metadata.GetString("tokenizer.ggml.pre"));
        Assert.Null(file.FindTensor("output.weight"));
        Assert.Equal(2 + 9 * spec.BlockCount, file.Tensors.Count);

        var embd = file.FindTensor("token_embd.weight")!;
        Assert.Equal([(ulong)spec.EmbeddingLength, (ulong)spec.VocabSize], embd.Dimensions);
        Assert.Equal(GgmlType.F16, embd.Type);
        var values = System.Runtime.InteropServices.MemoryMarshal.Cast<byte, Half>(reader.ReadTensorBytes(embd)).ToArray().Select(h => (double)h).ToArray();
        var mean = values.Average();
        var std = Math.Sqrt(values.Select(v => (v - mean) * (v - mean)).Average());
        Assert.InRange(mean, -0.002, 0.002);
        Assert.InRange(std, 0.018, 0.022);

        var norm = file.FindTensor("blk.0.attn_norm.weight")!;
        Assert.Equal(GgmlType.F32, norm.Type);
        Assert.All(System.Runtime.InteropServices.MemoryMarshal.Cast<byte, float>(reader.ReadTensorBytes(norm)).ToArray(), v => Assert.Equal(1f, v));
    }

    [Fact]
    public void Big_presets_have_the_real_shapes()
    {
        Assert.InRange(TestModelSpec.SmolLM2_135M.ParameterCount, 134_000_000, 136_000_000);
        Assert.InRange(TestModelSpec.TinyLlama_1_1B.ParameterCount, 1_090_000_000, 1_110_000_000);
        TestModelSpec.SmolLM2_135M.Validate();
        TestModelSpec.TinyLlama_1_1B.Validate();
        Assert.Equal(49152, TestBpeVocabulary.Create(49152).Count);
        Assert.Equal(32000, TestSentencePieceVocabulary.Create(32000).Count);
    }

    [Theory]
    [InlineData("SmolLM2_135M")]
    [InlineData("TinyLlama_1_1B")]
    public void Full_size_vocabularies_tokenize_in_llama_cpp_like_the_reference(string preset)
    {
        var spec = preset == "SmolLM2_135M" ? TestModelSpec.SmolLM2_135M : TestModelSpec.TinyLlama_1_1B;
        var vocabulary = TestVocabulary.Create(spec.Tokenizer, spec.VocabSize);
        var path = Path.Combine(Path.GetTempPath(), $"synapse-vocab-{preset}-{Guid.NewGuid():N}.gguf");
        try
        {
            TestModelBuilder.WriteVocabOnly(spec, path);
            Assert.Empty(GgufReader.ReadFile(path).Tensors);
            using var runner = new LlamaRunner(path, vocabOnly: true);

            Assert.Equal(spec.VocabSize, runner.Model.Vocab.Count);
            Assert.Equal(vocabulary.EotId, (int?)runner.Model.Vocab.EOT);
            foreach (var text in new[]
            {
                "Hello world",
                "The quick brown fox jumps over the lazy dog, and the bird was singing a happy song.",
                "Once upon a time thetheth eaeae qqq zzzz 12345 café 日本 🙂\n\ttab",
            })
            {
                var ids = runner.Tokenize(text);
                Assert.Equal(vocabulary.Encode(text), ids);
                var back = runner.Detokenize(ids);
                Assert.Equal(text, spec.Tokenizer == TestTokenizerKind.LlamaSentencePiece ? back.TrimStart(' ') : back);
            }
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Invalid_specs_are_rejected_with_the_field_named()
    {
        var ex = Assert.Throws<ArgumentException>(() => (TestModelSpec.Tiny with { HeadCountKv = 3 }).Validate());
        Assert.Contains("HeadCountKv", ex.Message);
        Assert.Throws<ArgumentException>(() => (TestModelSpec.Tiny with { VocabSize = 100 }).Validate());
        Assert.Throws<ArgumentException>(() => (TestModelSpec.Tiny with { TensorType = GgmlType.Q8_0 }).Validate());
    }

    [Fact]
    public void Cache_keys_change_with_the_spec()
    {
        var a = global::Synapse.Testing.TestModels.CacheKey(TestModelSpec.Tiny);
        Assert.Equal(a, global::Synapse.Testing.TestModels.CacheKey(TestModelSpec.Tiny with { }));
        Assert.NotEqual(a, global::Synapse.Testing.TestModels.CacheKey(TestModelSpec.Tiny with { Seed = 7 }));
        Assert.StartsWith(global::Synapse.Testing.TestModels.CacheDirectory, global::Synapse.Testing.TestModels.TinyChatModelPath);
    }
}
