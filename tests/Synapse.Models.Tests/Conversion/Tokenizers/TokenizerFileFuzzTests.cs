using Synapse.Models.Conversion.Tokenizers;
using Synapse.Testing;
using Synapse.Testing.Fuzzing;

namespace Synapse.Models.Tests.Conversion.Tokenizers;

/// <summary>
/// Seeded mutations of real tokenizer files (tokenizer.model, tokenizer.json, tokenizer_config.json): the import gives
/// a vocabulary or its documented errors (<see cref="InvalidDataException"/>, <see cref="UnsupportedTokenizerException"/>),
/// never a crash, a hang or an allocation sized by what the file claims.
/// </summary>
public sealed class TokenizerFileFuzzTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("synapse-tok-fuzz-").FullName;

    [Fact]
    public async Task MutatedSentencePieceModelsAreParsedOrRefused()
    {
        var original = await File.ReadAllBytesAsync(Fixtures.Require("models/tiny-llama/tokenizer.model"), TestContext.Current.CancellationToken);
        var fuzzer = new FileFuzzer(Mutator.SeedFromEnvironment(16_004));
        await fuzzer.RunAsync("tiny-llama tokenizer.model (parse)", 2000, m => m.MutateBytes(original, original.Length),
            bytes => SentencePieceModelReader.Parse(bytes), FileFuzzer.Describe, typeof(InvalidDataException));

        var directory = Copy("models/tiny-llama", "tokenizer_config.json");
        await fuzzer.RunAsync("tiny-llama tokenizer.model (import)", 500, m => m.MutateBytes(original, original.Length), bytes =>
        {
            File.WriteAllBytes(Path.Combine(directory, "tokenizer.model"), bytes);
            HfTokenizerImporter.Import(directory, null);
        }, FileFuzzer.Describe, typeof(InvalidDataException), typeof(UnsupportedTokenizerException));
        fuzzer.Report();
    }

    [Fact]
    public async Task MutatedTokenizerJsonFilesAreImportedOrRefused()
    {
        var fuzzer = new FileFuzzer(Mutator.SeedFromEnvironment(16_005));
        foreach (var model in new[] { "tiny-qwen2", "tiny-phi3" })
        {
            var directory = Copy("models/" + model, "tokenizer_config.json");
            var original = await File.ReadAllTextAsync(Fixtures.Require($"models/{model}/tokenizer.json"), TestContext.Current.CancellationToken);
            await fuzzer.RunAsync($"{model} tokenizer.json", 1000, m => m.MutateJson(original), bytes =>
            {
                File.WriteAllBytes(Path.Combine(directory, "tokenizer.json"), bytes);
                HfTokenizerImporter.Import(directory, null);
            }, FileFuzzer.Describe, typeof(InvalidDataException), typeof(UnsupportedTokenizerException));

            File.WriteAllText(Path.Combine(directory, "tokenizer.json"), original);
            var config = await File.ReadAllTextAsync(Fixtures.Require($"models/{model}/tokenizer_config.json"), TestContext.Current.CancellationToken);
            await fuzzer.RunAsync($"{model} tokenizer_config.json", 300, m => m.MutateJson(config), bytes =>
            {
                File.WriteAllBytes(Path.Combine(directory, "tokenizer_config.json"), bytes);
                HfTokenizerImporter.Import(directory, null);
            }, FileFuzzer.Describe, typeof(InvalidDataException), typeof(UnsupportedTokenizerException));
        }

        fuzzer.Report();
    }

    [Fact]
    public async Task ALoneSurrogateInTokenizerJsonIsAnInvalidDataExceptionNamingTheFile()
    {
        // Regression (issue 16 fuzzing): it threw InvalidOperationException from deep in the import.
        var directory = Copy("models/tiny-qwen2", "tokenizer_config.json");
        var original = await File.ReadAllTextAsync(Fixtures.Require("models/tiny-qwen2/tokenizer.json"), TestContext.Current.CancellationToken);
        await File.WriteAllTextAsync(Path.Combine(directory, "tokenizer.json"), original.Insert(original.IndexOf('{') + 1, "\"x\":\"\\ud800\","),
            TestContext.Current.CancellationToken);
        var error = Assert.Throws<InvalidDataException>(() => HfTokenizerImporter.Import(directory, null));
        Assert.Contains("tokenizer.json", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void APieceThatIsNotUtf8IsAnInvalidDataException()
    {
        // Regression (issue 16 fuzzing): Parse let DecoderFallbackException out (only Read(path) wrapped it).
        byte[] model = [0x0A, 0x04, 0x0A, 0x02, 0xFF, 0xFE];
        Assert.Throws<InvalidDataException>(() => SentencePieceModelReader.Parse(model));
    }

    /// <summary>A fresh folder holding copies of <paramref name="files"/> from the fixture folder <paramref name="fixture"/>.</summary>
    private string Copy(string fixture, params string[] files)
    {
        var source = Fixtures.Require(fixture);
        var directory = Directory.CreateDirectory(Path.Combine(_folder, Path.GetFileName(fixture))).FullName;
        foreach (var file in files)
        {
            File.Copy(Path.Combine(source, file), Path.Combine(directory, file), overwrite: true);
        }

        return directory;
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
