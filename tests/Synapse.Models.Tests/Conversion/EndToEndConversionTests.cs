using Synapse.Models.Conversion;
using Synapse.Models.Gguf;
using Synapse.Testing.Llama;
using Synapse.Testing;

namespace Synapse.Models.Tests.Conversion;

/// <summary>
/// The public converter with the real tokenizer import: each fixture model becomes a GGUF whose own vocabulary turns
/// the prompt text into the reference's prompt ids and whose weights then generate the reference's greedy ids.
/// </summary>
public sealed class EndToEndConversionTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("synapse-e2e-").FullName;

    public static TheoryData<string> Models() =>
        ["tiny-gpt2", "tiny-llama", "tiny-mistral", "tiny-qwen2", "tiny-qwen3", "tiny-gemma", "tiny-gemma2", "tiny-phi3"];

    [Theory]
    [MemberData(nameof(Models))]
    public async Task Fixture_converts_with_its_tokenizer_and_generates_the_reference_ids(string fixture)
    {
        var modelDirectory = Fixtures.Require(Path.Combine("models", fixture));
        var expected = FixtureExpectation.Load(modelDirectory);
        var gguf = Path.Combine(_directory, fixture + ".gguf");

        await HfToGgufConverter.ConvertAsync(modelDirectory, gguf, ModelQuantization.F16, null, CancellationToken.None);

        Assert.Equal(expected.PromptIds, Tokenize(gguf, expected.PromptText));
        Assert.Equal(expected.GeneratedIds, GreedyRunner.Run(gguf, expected.PromptIds, expected.GeneratedIds.Length, 0).Ids);
        var metadata = GgufReader.ReadFile(gguf).Metadata;
        // llama.cpp cannot load a "phi3"-named model whose vocabulary lacks <unk>/<s>/</s> (see ModelNames).
        Assert.Equal(fixture == "tiny-phi3" ? "tiny-phi_3" : fixture, metadata.GetString("general.name"));
        Assert.Equal(2, metadata.GetInt32("general.quantization_version"));
    }

    [Fact]
    public async Task Stories260K_converted_with_its_tokenizer_generates_like_the_reference_gguf()
    {
        var modelDirectory = Fixtures.Require(Path.Combine("models", "stories260K-hf"));
        var reference = Fixtures.Require(Path.Combine("models", "stories260K.gguf"));
        var gguf = Path.Combine(_directory, "stories260K-Q4_K_M.gguf");
        var f32 = Path.Combine(_directory, "stories260K-F32.gguf");

        await HfToGgufConverter.ConvertAsync(modelDirectory, f32, ModelQuantization.F32, null, CancellationToken.None);
        await HfToGgufConverter.ConvertAsync(modelDirectory, gguf, ModelQuantization.Q4_K_M, null, CancellationToken.None);

        var prompt = Tokenize(reference, "Once upon a time, there was a little dog");
        Assert.Equal(prompt, Tokenize(f32, "Once upon a time, there was a little dog"));
        var expected = GreedyRunner.Run(reference, prompt, 48, 0).Ids;
        Assert.Equal(expected, GreedyRunner.Run(f32, prompt, 48, 0).Ids);
        Assert.Equal(15, GgufReader.ReadFile(gguf).Metadata.GetInt32("general.file_type")); // LLAMA_FTYPE_MOSTLY_Q4_K_M
        Assert.Equal(expected[0], GreedyRunner.Run(gguf, prompt, 1, 0).Ids[0]);
    }

    private static int[] Tokenize(string gguf, string text)
    {
        using var runner = new LlamaRunner(gguf, vocabOnly: true);
        return runner.Tokenize(text, addBos: true);
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);
}
