using System.Diagnostics;
using LLama.Native;
using Synapse.Models.Gguf;
using Synapse.Models.Quantization;
using Synapse.Testing.Llama;
using Synapse.TestModels;

namespace Synapse.Models.Tests.Quantization;

public sealed class ModelQuantizerTests(ITestOutputHelper output) : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("synapse-quant-");

    [Theory]
    [InlineData("Q8_0", GgmlType.Q8_0, LLamaFtype.MOSTLY_Q8_0)]
    [InlineData("q4_k_m", null, LLamaFtype.MOSTLY_Q4_K_M)]
    public void Tiny_model_quantizes_loads_and_generates(string type, GgmlType? matrixType, LLamaFtype ftype)
    {
        var source = global::Synapse.Testing.TestModels.TinyChatModelPath;
        var destination = Path.Combine(_dir.FullName, $"tiny-{type}.gguf");

        ModelQuantizer.Quantize(source, destination, type, threads: 1);

        var file = GgufReader.ReadFile(destination);
        Assert.Equal((int)ftype, file.Metadata.GetInt32("general.file_type"));
        Assert.Equal(GgmlType.F32, file.FindTensor("blk.0.attn_norm.weight")!.Type);
        var attnQ = file.FindTensor("blk.0.attn_q.weight")!.Type;
        Assert.True(attnQ.IsQuantized(), $"attn_q is {attnQ}");
        if (matrixType is { } expected)
        {
            Assert.Equal(expected, attnQ);
        }

        Assert.Empty(Directory.GetFiles(_dir.FullName, "*.partial"));
        using var runner = new LlamaRunner(destination);
        var vocabulary = TestVocabulary.Create(TestModelSpec.Tiny.Tokenizer, TestModelSpec.Tiny.VocabSize);
        Assert.Equal(vocabulary.Encode("Hello world"), runner.Tokenize("Hello world"));
        var prompt = runner.Tokenize("<|im_start|>user\nHi<|im_end|>\n<|im_start|>assistant\n", special: true);
        Assert.Equal(runner.GenerateGreedy(prompt, 8), runner.GenerateGreedy(prompt, 8));
    }

    [Fact]
    public void Unknown_type_is_a_clear_error()
    {
        var ex = Assert.Throws<ArgumentException>(() =>
            ModelQuantizer.Quantize(global::Synapse.Testing.TestModels.TinyChatModelPath, Path.Combine(_dir.FullName, "x.gguf"), "Q9_9"));
        Assert.Contains("Q9_9", ex.Message);
        Assert.Contains("Q4_K_M", ex.Message);
        Assert.Empty(_dir.GetFiles());
    }

    [Fact]
    public void Type_names_parse()
    {
        Assert.Equal(LLamaFtype.MOSTLY_Q8_0, ModelQuantizer.ParseType("Q8_0"));
        Assert.Equal(LLamaFtype.MOSTLY_Q4_K_M, ModelQuantizer.ParseType(" q4_k_m "));
        Assert.Equal(LLamaFtype.MOSTLY_F16, ModelQuantizer.ParseType("F16"));
        Assert.Equal(LLamaFtype.ALL_F32, ModelQuantizer.ParseType("F32"));
        Assert.Contains("Q4_K_M", ModelQuantizer.SupportedTypes);
        Assert.Throws<ArgumentException>(() => ModelQuantizer.ParseType("Q4"));
    }

    [Fact]
    public void Missing_or_invalid_sources_are_clear_errors()
    {
        var missing = Path.Combine(_dir.FullName, "missing.gguf");
        Assert.Throws<FileNotFoundException>(() => ModelQuantizer.Quantize(missing, Path.Combine(_dir.FullName, "out.gguf"), "Q8_0"));

        var notGguf = Path.Combine(_dir.FullName, "not.gguf");
        File.WriteAllText(notGguf, "this is not a model");
        Assert.Throws<InvalidDataException>(() => ModelQuantizer.Quantize(notGguf, Path.Combine(_dir.FullName, "out.gguf"), "Q8_0"));
        Assert.False(File.Exists(Path.Combine(_dir.FullName, "out.gguf")));
    }

    /// <summary>Generates the SmolLM2-135M-shape benchmark models; run by hand with SYNAPSE_MANUAL_TESTS=1.</summary>
    [Theory]
    [Trait("Category", "Manual")]
    [InlineData("Q8_0")]
    [InlineData("Q4_K_M")]
    public async Task SmolLM2_135M_bench_model_generates(string quantization)
    {
        Assert.SkipUnless(Environment.GetEnvironmentVariable("SYNAPSE_MANUAL_TESTS") is "1", "Manual: set SYNAPSE_MANUAL_TESTS=1.");
        var directory = Environment.GetEnvironmentVariable("SYNAPSE_BENCH_MODELS") ?? _dir.FullName;
        var spec = TestModelSpec.SmolLM2_135M;
        var f16 = Path.Combine(_dir.FullName, "smol-f16.gguf");
        var watch = Stopwatch.StartNew();
        TestModelBuilder.Write(spec, f16);
        output.WriteLine($"F16 written: {new FileInfo(f16).Length / 1e6:F1} MB in {watch.Elapsed.TotalSeconds:F1} s");

        watch.Restart();
        var path = await BenchModelGenerator.EnsureAsync(spec, quantization, directory);
        output.WriteLine($"{quantization} (F16 + quantize): {new FileInfo(path).Length / 1e6:F1} MB in {watch.Elapsed.TotalSeconds:F1} s at {path}");

        using var runner = new LlamaRunner(path);
        Assert.Equal(spec.BlockCount, runner.Model.LayerCount);
        var prompt = runner.Tokenize(string.Concat(Enumerable.Repeat("Hello world, the quick brown fox. ", 16)));
        watch.Restart();
        var generated = runner.GenerateGreedy(prompt, 32);
        output.WriteLine($"prompt {prompt.Length} tokens + 32 generated (1 thread) in {watch.Elapsed.TotalSeconds:F2} s");
        Assert.Equal(32, generated.Length);
    }

    /// <summary>Generates the TinyLlama-1.1B-shape Q4_K_M model (2.2 GB of F16 on the way); SYNAPSE_MANUAL_TESTS=1.</summary>
    [Fact]
    [Trait("Category", "Manual")]
    public async Task TinyLlama_1_1B_bench_model_generates()
    {
        Assert.SkipUnless(Environment.GetEnvironmentVariable("SYNAPSE_MANUAL_TESTS") is "1", "Manual: set SYNAPSE_MANUAL_TESTS=1.");
        var directory = Environment.GetEnvironmentVariable("SYNAPSE_BENCH_MODELS") ?? _dir.FullName;
        var spec = TestModelSpec.TinyLlama_1_1B;
        var watch = Stopwatch.StartNew();
        var path = await BenchModelGenerator.EnsureAsync(spec, "Q4_K_M", directory);
        output.WriteLine($"Q4_K_M (F16 + quantize): {new FileInfo(path).Length / 1e6:F1} MB in {watch.Elapsed.TotalSeconds:F1} s at {path}");

        using var runner = new LlamaRunner(path);
        Assert.Equal(spec.BlockCount, runner.Model.LayerCount);
        Assert.Equal(spec.VocabSize, runner.Model.Vocab.Count);
        var prompt = runner.Tokenize("<|im_start|>user\nHello world<|im_end|>\n<|im_start|>assistant\n", addBos: true, special: true);
        watch.Restart();
        var generated = runner.GenerateGreedy(prompt, 8);
        output.WriteLine($"prompt {prompt.Length} tokens + 8 generated (1 thread) in {watch.Elapsed.TotalSeconds:F2} s");
        Assert.Equal(8, generated.Length);
    }

    public void Dispose() => _dir.Delete(recursive: true);
}
