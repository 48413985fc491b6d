using Synapse.Cli.CommandLine;
using Synapse.Cli.Commands;
using Synapse.Cli.Tests.Infrastructure;

namespace Synapse.Cli.Tests.Commands;

public sealed class GenHfModelCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("synapse-genhf-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static Task<(int Code, string Out, string Error)> Run(params string[] args) => CliRun.RunAsync(args);

    [Fact]
    public async Task Help_lists_the_default_models_shape()
    {
        var (code, output, _) = await Run("gen-hf-model", "--help");
        Assert.Equal(0, code);
        Assert.Contains("qwen2.5-0.5b", output);
        Assert.Contains("gemma-2-2b", output);
    }

    [Fact]
    public async Task The_qwen_shape_without_a_tokenizer_json_exits_1_saying_so()
    {
        // A SentencePiece-only directory (the Gemma shapes' input) is not a Qwen tokenizer.
        var tokenizer = Directory.CreateDirectory(Path.Combine(_dir, "spm")).FullName;
        await File.WriteAllBytesAsync(Path.Combine(tokenizer, "tokenizer.model"), [0x0A, 0x00]);

        var (code, _, error) = await Run("gen-hf-model", "--shape", "qwen2.5-0.5b", "--tokenizer-from", tokenizer, "--out", Path.Combine(_dir, "out"));

        Assert.Equal(ExitCodes.Failure, code);
        Assert.Contains("No byte-level BPE tokenizer.json", error);
        Assert.False(Directory.Exists(Path.Combine(_dir, "out")));
    }
}
