using Synapse.Cli.CommandLine;
using Synapse.Cli.Commands;
using Synapse.Models.Gguf;
using Synapse.Testing;
using Synapse.Cli.Tests.Infrastructure;

namespace Synapse.Cli.Tests.Commands;

public sealed class ConvertCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("synapse-convert-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static Task<(int Code, string Out, string Error)> Run(params string[] args) => CliRun.RunAsync(args);

    [Fact]
    public async Task Converts_a_fixture_model_with_progress_and_the_quantization_asked_for()
    {
        var model = Fixtures.Require("models/tiny-qwen2");
        var path = Path.Combine(_dir, "qwen2.gguf");

        var (code, output, error) = await Run("convert", model, "--out", path, "--quant", "f16");

        Assert.True(code == 0, error);
        Assert.Contains("wrote", output);
        Assert.Contains("converting 100%", error);
        var file = GgufReader.ReadFile(path);
        Assert.Equal("qwen2", file.Metadata.GetString("general.architecture"));
        Assert.Equal(1, file.Metadata.GetInt32("general.file_type"));
        Assert.Equal(["qwen2.gguf"], Directory.GetFiles(_dir).Select(Path.GetFileName));
    }

    [Fact]
    public async Task Quantizes_to_q8_0_by_default()
    {
        var model = Fixtures.Require("models/tiny-gemma");
        var path = Path.Combine(_dir, "gemma.gguf");

        var (code, _, error) = await Run("convert", model, "--out", path);

        Assert.True(code == 0, error);
        // Q8_0 is quantized while converting, with no separate llama.cpp quantizer pass.
        Assert.DoesNotContain("quantizing with llama.cpp", error);
        var file = GgufReader.ReadFile(path);
        Assert.Equal(7, file.Metadata.GetInt32("general.file_type")); // LLAMA_FTYPE_MOSTLY_Q8_0
        Assert.Equal(GgmlType.Q8_0, file.Tensors.Single(t => t.Name == "blk.0.attn_q.weight").Type);
        Assert.Equal(["gemma.gguf"], Directory.GetFiles(_dir).Select(Path.GetFileName));
    }

    [Fact]
    public async Task Benchmarks_a_generated_checkpoint_against_a_plain_read()
    {
        var tokenizer = Fixtures.Require("models/tiny-gemma2");
        var model = Path.Combine(_dir, "bench-model");
        var (genCode, genOut, genError) = await Run("gen-hf-model", "--shape", "tiny", "--tokenizer-from", tokenizer, "--out", model, "--seed", "3");
        Assert.True(genCode == 0, genError);
        Assert.Contains("wrote", genOut);
        Assert.True(File.Exists(Path.Combine(model, "model.safetensors.index.json")), "the tiny shape is sharded like a hub checkpoint");

        var (code, output, error) = await Run("convert", model, "--out", Path.Combine(_dir, "bench.gguf"), "--quant", "Q4_K_M", "--benchmark");

        Assert.True(code == 0, error);
        Assert.Contains("plain read, warm:", output);
        Assert.Contains("convert to Q4_K_M:", output);
        Assert.Contains("peak resident memory while converting:", output);
        Assert.Contains("peak resident memory of the process (VmHWM):", output);
        var file = GgufReader.ReadFile(Path.Combine(_dir, "bench.gguf"));
        Assert.Equal("gemma2", file.Metadata.GetString("general.architecture"));
        Assert.Equal([64UL, 1024UL], file.FindTensor("token_embd.weight")!.Dimensions); // the tokenizer was padded to the shape's vocab
    }

    [Fact]
    public async Task An_unsupported_architecture_exits_1_naming_the_supported_ones()
    {
        var model = Directory.CreateDirectory(Path.Combine(_dir, "mamba")).FullName;
        await File.WriteAllTextAsync(Path.Combine(model, "config.json"), """{"architectures":["MambaForCausalLM"]}""");

        var (code, _, error) = await Run("convert", model, "--out", Path.Combine(_dir, "m.gguf"));

        Assert.Equal(ExitCodes.Failure, code);
        Assert.Contains("'MambaForCausalLM' is not supported", error);
        Assert.Contains("Gemma2ForCausalLM", error);
        Assert.False(File.Exists(Path.Combine(_dir, "m.gguf")));
    }

    [Fact]
    public async Task A_missing_directory_or_an_existing_output_exits_1()
    {
        var (code, _, error) = await Run("convert", Path.Combine(_dir, "nope"), "--out", Path.Combine(_dir, "x.gguf"));
        Assert.Equal(ExitCodes.Failure, code);
        Assert.Contains("does not exist", error);

        var existing = Path.Combine(_dir, "keep.gguf");
        await File.WriteAllTextAsync(existing, "keep me");
        (code, _, error) = await Run("convert", _dir, "--out", existing);
        Assert.Equal(ExitCodes.Failure, code);
        Assert.Contains("--force", error);
        Assert.Equal("keep me", await File.ReadAllTextAsync(existing));
    }

    [Theory]
    [InlineData(new[] { "--out", "x.gguf" }, "the model directory DIR is required")]
    [InlineData(new[] { "dir" }, "option '--out' is required")]
    [InlineData(new[] { "dir", "--out", "x.gguf", "--quant", "Q3_K" }, "F32, F16, BF16, Q8_0, Q6_K, Q5_K_M, Q4_K_M")]
    [InlineData(new[] { "a", "b", "--out", "x.gguf" }, "unexpected argument 'b'")]
    public async Task Bad_arguments_exit_2_with_usage(string[] args, string expected)
    {
        var (code, _, error) = await Run(["convert", .. args]);
        Assert.Equal(ExitCodes.Usage, code);
        Assert.Contains(expected, error);
        Assert.Contains("Usage: synapse convert", error);
    }

    [Fact]
    public async Task Help_lists_the_architectures_and_types()
    {
        var (code, output, _) = await Run("convert", "--help");
        Assert.Equal(0, code);
        Assert.Contains("Phi3ForCausalLM", output);
        Assert.Contains("Q4_K_M", output);
    }
}
