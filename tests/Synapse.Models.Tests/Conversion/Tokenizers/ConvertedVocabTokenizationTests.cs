using System.Text.Json;
using Synapse.Models.Conversion.Tokenizers;
using Synapse.Testing.Llama;
using Synapse.Testing;

namespace Synapse.Models.Tests.Conversion.Tokenizers;

/// <summary>
/// llama.cpp, loading the vocabulary we converted (vocab_only), tokenizes llama.cpp's test strings into the ids the
/// Hugging Face tokenizer of each model produced (.inp/.out), and the Llama 2 strings into SentencePiece's ids.
/// </summary>
public sealed class ConvertedVocabTokenizationTests : IClassFixture<ConvertedVocabTokenizationTests.Context>
{
    private readonly Context _context;

    public ConvertedVocabTokenizationTests(Context context) => _context = context;

    public static TheoryData<string> Names => new(TokenizerFixtures.Names);

    [Theory]
    [MemberData(nameof(Names))]
    public void Llama_cpp_reproduces_the_test_vectors_through_the_converted_vocab(string name)
    {
        var vectors = VocabTestVectors.Read(
            Fixtures.Require($"tokenizers/ggml-vocab/ggml-vocab-{name}.gguf.inp"),
            Fixtures.Require($"tokenizers/ggml-vocab/ggml-vocab-{name}.gguf.out"));
        using var runner = new LlamaRunner(_context.ConvertedVocab(name), vocabOnly: true);

        var failures = vectors
            .Select(v => (v.Text, v.Ids, Actual: runner.Tokenize(v.Text, addBos: false, special: false)))
            .Where(v => !v.Ids.SequenceEqual(v.Actual))
            .Select(v => $"  {JsonSerializer.Serialize(v.Text)}: expected [{string.Join(' ', v.Ids)}], got [{string.Join(' ', v.Actual)}]")
            .ToList();
        Assert.True(vectors.Count > 0);
        Assert.True(failures.Count == 0, $"{name}: {failures.Count} of {vectors.Count} vectors differ:{Environment.NewLine}{string.Join(Environment.NewLine, failures)}");
    }

    [Fact]
    public void Llama_cpp_reproduces_sentencepiece_ids_through_the_converted_llama2_vocab()
    {
        using var json = JsonDocument.Parse(File.ReadAllText(Fixtures.Require("tokenizers/meta-llama-Llama-2/sentencepiece-vectors.json")));
        var vectors = json.RootElement.GetProperty("vectors").EnumerateArray()
            .Select(v => (Text: v.GetProperty("text").GetString()!, Ids: v.GetProperty("ids").EnumerateArray().Select(i => i.GetInt32()).ToArray()))
            .ToList();
        using var runner = new LlamaRunner(_context.ConvertedVocab("llama-spm"), vocabOnly: true);

        var failures = vectors
            .Select(v => (v.Text, v.Ids, Actual: runner.Tokenize(v.Text, addBos: false, special: false)))
            .Where(v => !v.Ids.SequenceEqual(v.Actual))
            .Select(v => $"  {JsonSerializer.Serialize(v.Text)}: expected [{string.Join(' ', v.Ids)}], got [{string.Join(' ', v.Actual)}]")
            .ToList();
        Assert.NotEmpty(vectors);
        Assert.True(failures.Count == 0, $"{failures.Count} of {vectors.Count} vectors differ:{Environment.NewLine}{string.Join(Environment.NewLine, failures)}");
    }

    public sealed class Context : IDisposable
    {
        private readonly TokenizerFixtures _fixtures = new();
        private readonly string _folder = Path.Combine(Path.GetTempPath(), "synapse-tokvocab-" + Guid.NewGuid().ToString("N"));
        private readonly Dictionary<string, string> _paths = [];
        private readonly Lock _lock = new();

        /// <summary>A vocab-only GGUF with our tokenizer metadata for the fixture <paramref name="name"/> (written once).</summary>
        public string ConvertedVocab(string name)
        {
            lock (_lock)
            {
                if (!_paths.TryGetValue(name, out var path))
                {
                    Directory.CreateDirectory(_folder);
                    path = Path.Combine(_folder, $"{name}.gguf");
                    var tokenizer = HfTokenizerImporter.Import(_fixtures.ModelDirectory(name), configVocabSize: null);
                    VocabOnlyModel.Write(path, TokenizerFixtures.VocabPath(name), tokenizer);
                    _paths[name] = path;
                }

                return path;
            }
        }

        public void Dispose()
        {
            _fixtures.Dispose();
            if (Directory.Exists(_folder))
            {
                Directory.Delete(_folder, recursive: true);
            }
        }
    }
}
