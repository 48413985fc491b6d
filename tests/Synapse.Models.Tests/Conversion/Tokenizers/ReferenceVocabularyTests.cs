using Synapse.Models.Conversion.Tokenizers;
using Synapse.Models.Gguf;

namespace Synapse.Models.Tests.Conversion.Tokenizers;

/// <summary>The tokenizer metadata we write from real tokenizer files equals what llama.cpp's converter wrote.</summary>
public sealed class ReferenceVocabularyTests : IClassFixture<ReferenceVocabularyTests.Context>
{
    private readonly Context _context;

    public ReferenceVocabularyTests(Context context) => _context = context;

    public static TheoryData<string> Names => new(TokenizerFixtures.Names);

    [Theory]
    [MemberData(nameof(Names))]
    public void Metadata_equals_llama_cpp_vocab(string name)
    {
        var expected = GgufReader.ReadFile(TokenizerFixtures.VocabPath(name)).Metadata;
        var tokenizer = HfTokenizerImporter.Import(_context.Fixtures.ModelDirectory(name), configVocabSize: null);
        var actual = new GgufMetadata();
        tokenizer.WriteTo(actual);

        var differences = TokenizerMetadataDiff.Compare(expected, actual);
        var known = KnownDifferences(name);
        Assert.True(
            differences.Count == known.Count && differences.All(d => known.TryGetValue(d.Key, out var k) && k == d.Value),
            $"{name}: tokenizer metadata differs from llama.cpp's:{Environment.NewLine}{TokenizerMetadataDiff.Format(differences)}" +
            $"{Environment.NewLine}known and explained differences:{Environment.NewLine}{TokenizerMetadataDiff.Format(known)}");
    }

    /// <summary>
    /// The only differences allowed, each exactly as the diff reports it. All are Phi-3's: llama.cpp converted it
    /// (ggml-vocab-phi-3.gguf, 2024) from tokenizer.model and an earlier revision of the repository than the files here.
    /// </summary>
    private static Dictionary<string, string> KnownDifferences(string name) => name switch
    {
        "phi-3" => new()
        {
            // The fixture's tokenizer_config.json is a later revision: its template no longer starts with
            // {{ bos_token }} and it sets add_bos_token false. We follow the files we are given.
            ["tokenizer.chat_template"] = "we wrote '{% for message in messages %}{% if message['role'] == 'system' %}{{'<|system|...', " +
                "llama.cpp wrote '{{ bos_token }}{% for message in messages %}{% if (message['role'] == 'user')...'",
            ["tokenizer.ggml.add_bos_token"] = "we wrote Bool False, llama.cpp wrote Bool True",

            // Without tokenizer.model the score of '▁' cannot be known: no merge produces it (a single character), so
            // its score never takes part in llama.cpp's merging. Every other score is rebuilt exactly.
            ["tokenizer.ggml.scores"] = "1 differing item(s) at [29871]; first: #29871 we -29612 / llama.cpp -1E+09",

            // The 2024 converter typed Phi-3's [PADn] tokens UNKNOWN (2); llama.cpp's converter since then (read in
            // its source: Phi3MiniModel.set_vocab) types them UNUSED (5), as _create_vocab_sentencepiece does and we do.
            ["tokenizer.ggml.token_type"] = "53 differing item(s) at [32011..32063]; first: #32011 we 5 / llama.cpp 2; #32012 we 5 / llama.cpp 2; " +
                "#32013 we 5 / llama.cpp 2; #32014 we 5 / llama.cpp 2; #32015 we 5 / llama.cpp 2",
        },
        _ => [],
    };

    public sealed class Context : IDisposable
    {
        internal TokenizerFixtures Fixtures { get; } = new();

        public void Dispose() => Fixtures.Dispose();
    }
}
