using System.Text.Json;
using Synapse.Models.Conversion.Tokenizers;
using Synapse.Models.Gguf;
using Synapse.Testing.Llama;
using Synapse.Testing;

namespace Synapse.Models.Tests.Conversion.Tokenizers;

/// <summary>Meta's tiktoken-format Llama 3 tokenizer.model becomes a llama-bpe vocabulary llama.cpp tokenizes correctly.</summary>
public sealed class TiktokenVocabularyTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("synapse-toktik-").FullName;

    [Fact]
    public void Llama3_tiktoken_ranks_reproduce_the_llama_bpe_test_vectors()
    {
        var source = Fixtures.Require("tokenizers/meta-llama-Llama-3/tokenizer.model");
        var vectors = VocabTestVectors.Read(
            Fixtures.Require("tokenizers/ggml-vocab/ggml-vocab-llama-bpe.gguf.inp"),
            Fixtures.Require("tokenizers/ggml-vocab/ggml-vocab-llama-bpe.gguf.out"));
        var model = Path.Combine(_folder, "model");
        Directory.CreateDirectory(model);
        File.Copy(source, Path.Combine(model, "tokenizer.model"));

        var tokenizer = HfTokenizerImporter.Import(model, configVocabSize: null);

        Assert.Equal("gpt2", tokenizer.Model);
        Assert.Equal("llama-bpe", tokenizer.Pre);
        Assert.Equal(128256, tokenizer.Tokens.Count);
        Assert.Equal("<|begin_of_text|>", tokenizer.Tokens[tokenizer.BosTokenId!.Value]);
        Assert.Equal("<|end_of_text|>", tokenizer.Tokens[tokenizer.EosTokenId!.Value]);
        Assert.Equal("<|eot_id|>", tokenizer.Tokens[128009]);
        Assert.All(tokenizer.TokenTypes.Skip(128000), t => Assert.Equal(LlamaTokenType.Control, t));

        var path = Path.Combine(_folder, "llama3.gguf");
        VocabOnlyModel.WriteWithLlamaHeader(path, tokenizer);
        using var runner = new LlamaRunner(path, vocabOnly: true);
        var failures = vectors
            .Select(v => (v.Text, v.Ids, Actual: runner.Tokenize(v.Text, addBos: false, special: false)))
            .Where(v => !v.Ids.SequenceEqual(v.Actual))
            .Select(v => $"  {JsonSerializer.Serialize(v.Text)}: expected [{string.Join(' ', v.Ids)}], got [{string.Join(' ', v.Actual)}]")
            .ToList();
        Assert.True(failures.Count == 0, $"{failures.Count} of {vectors.Count} vectors differ:{Environment.NewLine}{string.Join(Environment.NewLine, failures)}");
        Assert.True(((LLama.Native.LLamaToken)128009).IsEndOfGeneration(runner.Model.Vocab));
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
