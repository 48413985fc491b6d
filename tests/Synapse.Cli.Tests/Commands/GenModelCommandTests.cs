using Synapse.Cli.CommandLine;
using Synapse.Cli.Commands;
using Synapse.Models.Gguf;
using Synapse.Cli.Tests.Infrastructure;

namespace Synapse.Cli.Tests.Commands;

public sealed class GenModelCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("synapse-gen-model-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static Task<(int Code, string Out, string Error)> Run(params string[] args) => CliRun.RunAsync(["gen-model", .. args]);

    [Fact]
    public async Task Writes_a_gguf_with_the_shape_and_seed_asked_for()
    {
        var path = Path.Combine(_dir, "tiny.gguf");
        var (code, output, error) = await Run("--shape", "tiny", "--out", path, "--seed", "7", "--quant", "F32");

        Assert.True(code == 0, error);
        Assert.Contains("wrote", output);
        var file = GgufReader.ReadFile(path);
        Assert.Contains(file.Tensors, t => t.Type == GgmlType.F32 && t.Dimensions.Count == 2);
        Assert.DoesNotContain(file.Tensors, t => t.Type == GgmlType.F16);
    }

    [Theory]
    // general.file_type is llama.cpp's LLAMA_FTYPE: 7 = MOSTLY_Q8_0, 15 = MOSTLY_Q4_K_M. The tiny shape's 64-wide rows
    // are too narrow for K-quant blocks, so llama.cpp falls back per tensor; the file type still says what was asked.
    [InlineData("Q8_0", 7)]
    [InlineData("q4_k_m", 15)]
    public async Task Quantized_types_go_through_llama_cpps_quantizer(string quant, int fileType)
    {
        var path = Path.Combine(_dir, "q.gguf");
        var (code, _, error) = await Run("--shape", "tiny", "--out", path, "--quant", quant);

        Assert.True(code == 0, error);
        Assert.Contains("quantizing to", error);
        var file = GgufReader.ReadFile(path);
        Assert.Equal(fileType, file.Metadata.GetInt32("general.file_type"));
        Assert.DoesNotContain(file.Tensors, t => t.Type == GgmlType.F16);
        Assert.Equal(["q.gguf"], Directory.GetFiles(_dir).Select(Path.GetFileName));
    }

    [Fact]
    public async Task The_same_seed_gives_the_same_file_and_another_seed_does_not()
    {
        string Out(string name) => Path.Combine(_dir, name);
        Assert.Equal(0, (await Run("--shape", "tiny", "--out", Out("a.gguf"), "--seed", "1")).Code);
        Assert.Equal(0, (await Run("--shape", "tiny", "--out", Out("b.gguf"), "--seed", "1")).Code);
        Assert.Equal(0, (await Run("--shape", "TINY", "--out", Out("c.gguf"), "--seed", "2")).Code);

        Assert.Equal(File.ReadAllBytes(Out("a.gguf")), File.ReadAllBytes(Out("b.gguf")));
        Assert.NotEqual(File.ReadAllBytes(Out("a.gguf")), File.ReadAllBytes(Out("c.gguf")));
    }

    [Fact]
    public async Task An_existing_file_needs_force()
    {
        var path = Path.Combine(_dir, "x.gguf");
        await File.WriteAllTextAsync(path, "keep me");

        var (code, _, error) = await Run("--shape", "tiny", "--out", path);
        Assert.Equal(1, code);
        Assert.Contains("--force", error);
        Assert.Equal("keep me", await File.ReadAllTextAsync(path));

        Assert.Equal(0, (await Run("--shape", "tiny", "--out", path, "--force")).Code);
        Assert.NotEqual("keep me", await File.ReadAllTextAsync(path));
    }

    [Theory]
    [InlineData(new[] { "--out", "x.gguf" }, "option '--shape' is required")]
    [InlineData(new[] { "--shape", "tiny" }, "option '--out' is required")]
    [InlineData(new[] { "--shape", "gpt-5", "--out", "x.gguf" }, "not one of tiny, smollm2-135m, tinyllama-1.1b")]
    [InlineData(new[] { "--shape", "tiny", "--out", "x.gguf", "--quant", "Q3_K" }, "option '--quant'")]
    [InlineData(new[] { "--shape", "tiny", "--out", "x.gguf", "--seed", "-1" }, "option '--seed'")]
    public async Task Bad_arguments_exit_2_with_usage(string[] args, string expected)
    {
        var (code, _, error) = await Run(args);
        Assert.Equal(ExitCodes.Usage, code);
        Assert.Contains(expected, error);
        Assert.Contains("Usage: synapse gen-model", error);
    }
}
