using System.Text.Json;
using Synapse.Models.Conversion;
using Synapse.Models.Gguf;
using Synapse.Models.Safetensors;
using Synapse.Testing;
using Synapse.Testing.Llama;

namespace Synapse.TestModels.Tests;

public sealed class HfBenchModelGeneratorTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("synapse-hfgen-").FullName;

    /// <summary>Qwen2.5-0.5B's shape with few, narrow layers; the vocabulary stays the real one (the tokenizer fills it).</summary>
    private static readonly HfBenchModelSpec SmallQwen2 =
        HfBenchModelSpec.Qwen2_5_0_5B with { Name = "small-qwen2-shape", Layers = 2, Hidden = 64, Heads = 4, KvHeads = 2, HeadDim = 16, Intermediate = 128 };

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Qwen2_5_0_5B_shape_has_the_published_parameter_count()
    {
        // Qwen/Qwen2.5-0.5B-Instruct: 494,032,768 parameters (embeddings tied to the output).
        Assert.Equal(494_032_768, HfBenchModelSpec.Qwen2_5_0_5B.ParameterCount);
        Assert.Equal(HfBenchArchitecture.Qwen2, HfBenchModelSpec.Qwen2_5_0_5B.Architecture);
    }

    [Fact]
    public async Task Qwen2_checkpoint_with_the_real_tokenizer_converts_and_runs()
    {
        var model = Path.Combine(_dir, "model");
        await HfBenchModelGenerator.WriteAsync(SmallQwen2, Fixtures.Require("tokenizers/Qwen-Qwen3"), model, seed: 7, TestContext.Current.CancellationToken);

        using (var config = JsonDocument.Parse(File.ReadAllText(Path.Combine(model, "config.json"))))
        {
            Assert.Equal("qwen2", config.RootElement.GetProperty("model_type").GetString());
            Assert.Equal(151936, config.RootElement.GetProperty("vocab_size").GetInt32());
            Assert.True(config.RootElement.GetProperty("tie_word_embeddings").GetBoolean());
        }

        Assert.True(File.Exists(Path.Combine(model, "tokenizer.json")));
        Assert.True(File.Exists(Path.Combine(model, "tokenizer_config.json")));
        using (var checkpoint = SafetensorsCheckpoint.Open(model))
        {
            var names = checkpoint.Tensors.Select(t => t.Name).ToHashSet(StringComparer.Ordinal);
            Assert.Equal(SmallQwen2.ParameterCount, checkpoint.Tensors.Sum(t => t.ElementCount));
            Assert.Contains("model.layers.1.self_attn.k_proj.bias", names);
            Assert.DoesNotContain("model.layers.0.self_attn.o_proj.bias", names);
            Assert.DoesNotContain("lm_head.weight", names);
        }

        var gguf = Path.Combine(_dir, "model.gguf");
        await HfToGgufConverter.ConvertAsync(model, gguf, ModelQuantization.F16, progress: null, TestContext.Current.CancellationToken);

        var file = GgufReader.ReadFile(gguf);
        Assert.Equal("qwen2", file.Metadata.GetString("general.architecture"));
        Assert.Equal("qwen2", file.Metadata.GetString("tokenizer.ggml.pre"));
        Assert.Equal([64UL, 151936UL], file.FindTensor("token_embd.weight")!.Dimensions);
        Assert.NotNull(file.FindTensor("blk.0.attn_q.bias"));
        Assert.Null(file.FindTensor("output.weight"));

        using var runner = new LlamaRunner(gguf);
        var prompt = runner.Tokenize("<|im_start|>user\nHi<|im_end|>\n<|im_start|>assistant\n", addBos: false, special: true);
        Assert.Equal(151644, prompt[0]);
        Assert.Equal(3, runner.GenerateGreedy(prompt, 3).Length);
    }

    [Fact]
    public void Checkpoints_are_cached_per_spec_seed_and_tokenizer_and_replace_earlier_builds()
    {
        var tokenizer = Fixtures.Require("tokenizers/Qwen-Qwen3");
        var tiny = SmallQwen2 with { Name = $"cache-probe-{Guid.NewGuid():N}", Layers = 1 };
        var cache = global::Synapse.Testing.TestModels.CacheDirectory;
        var stale = Directory.CreateDirectory(Path.Combine(cache, $"{tiny.Name}-0123456789abcdef")).FullName;
        // Another test run (another clone: another generator MVID, so another key) is using this one: it stays.
        var used = Directory.CreateDirectory(Path.Combine(cache, $"{tiny.Name}-fedcba9876543210")).FullName;
        var otherRun = new FileStream(used + ".lock", FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.ReadWrite);
        try
        {
            var first = HfCheckpoints.GetPath(tiny, tokenizer, seed: 1);
            var again = HfCheckpoints.GetPath(tiny, tokenizer, seed: 1);

            Assert.Equal(first, again);
            Assert.Equal(cache, Path.GetDirectoryName(first));
            Assert.True(File.Exists(Path.Combine(first, "config.json")));
            Assert.False(Directory.Exists(stale), "an earlier build's checkpoint of the same spec is removed");
            Assert.True(Directory.Exists(used), "a checkpoint another test run holds is kept");
            Assert.NotEqual(HfCheckpoints.CacheKey(tiny, tokenizer, 1), HfCheckpoints.CacheKey(tiny, tokenizer, 2));
            Assert.NotEqual(HfCheckpoints.CacheKey(tiny, tokenizer, 1), HfCheckpoints.CacheKey(tiny with { Layers = 2 }, tokenizer, 1));
        }
        finally
        {
            otherRun.Dispose();
            foreach (var folder in Directory.GetDirectories(cache, tiny.Name + "*"))
            {
                Directory.Delete(folder, recursive: true);
            }

            // The lock files; this process's own lock on its checkpoint's is shared, so the file can go.
            foreach (var file in Directory.GetFiles(cache, tiny.Name + "*.lock"))
            {
                File.Delete(file);
            }
        }
    }
}
