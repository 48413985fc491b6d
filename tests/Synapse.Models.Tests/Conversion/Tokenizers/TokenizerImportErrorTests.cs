using System.Text.Json.Nodes;
using Synapse.Models.Conversion.Tokenizers;
using Synapse.Models.Gguf;
using Synapse.Testing;

namespace Synapse.Models.Tests.Conversion.Tokenizers;

/// <summary>Missing, malformed or unsupported tokenizer files give clear errors, never a crash or a wrong vocabulary.</summary>
public sealed class TokenizerImportErrorTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("synapse-tokerr-").FullName;

    [Fact]
    public void A_missing_directory_is_named()
    {
        var missing = Path.Combine(_folder, "nope");
        var error = Assert.Throws<DirectoryNotFoundException>(() => HfTokenizerImporter.Import(missing, null));
        Assert.Contains(missing, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_directory_without_tokenizer_files_says_what_it_expected()
    {
        File.WriteAllText(Path.Combine(_folder, "config.json"), """{"model_type": "llama", "vocab_size": 10}""");
        var error = Assert.Throws<InvalidDataException>(() => HfTokenizerImporter.Import(_folder, null));
        Assert.Contains("tokenizer.json", error.Message, StringComparison.Ordinal);
        Assert.Contains("tokenizer.model", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Malformed_json_names_the_file()
    {
        File.WriteAllText(Path.Combine(_folder, "tokenizer.json"), "{\"model\": {");
        var error = Assert.Throws<InvalidDataException>(() => HfTokenizerImporter.Import(_folder, null));
        Assert.Contains("tokenizer.json", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_pre_tokenizer_is_refused_with_the_known_ones()
    {
        WriteTokenizerJson(new JsonObject { ["type"] = "Split", ["pattern"] = new JsonObject { ["Regex"] = "\\w+" }, ["behavior"] = "Isolated" });
        var error = Assert.Throws<UnsupportedTokenizerException>(() => HfTokenizerImporter.Import(_folder, null));
        Assert.Contains("Split(\\w+)", error.Message, StringComparison.Ordinal);
        Assert.Contains("llama-bpe", error.Message, StringComparison.Ordinal);
        Assert.Contains("qwen2", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(PreTokenizerDetector.Llama3Regex, "llama", "llama-bpe")]
    [InlineData(PreTokenizerDetector.Qwen2Regex, "qwen2", "qwen2")]
    [InlineData(PreTokenizerDetector.TekkenRegex, "mistral", "tekken")]
    [InlineData(PreTokenizerDetector.Gpt4oRegex, "phi3", "gpt-4o")]
    public void Split_regexes_map_to_llama_cpp_names(string regex, string modelType, string expected)
    {
        File.WriteAllText(Path.Combine(_folder, "config.json"), new JsonObject { ["model_type"] = modelType }.ToJsonString());
        WriteTokenizerJson(new JsonObject
        {
            ["type"] = "Sequence",
            ["pretokenizers"] = new JsonArray(
                new JsonObject { ["type"] = "Split", ["pattern"] = new JsonObject { ["Regex"] = regex }, ["behavior"] = "Isolated", ["invert"] = false },
                new JsonObject { ["type"] = "ByteLevel", ["add_prefix_space"] = false, ["trim_offsets"] = true, ["use_regex"] = false }),
        });

        Assert.Equal(expected, HfTokenizerImporter.Import(_folder, null).Pre);
    }

    [Fact]
    public void Digits_then_byte_level_is_starcoder_or_smollm_by_model_type()
    {
        var pre = new JsonObject
        {
            ["type"] = "Sequence",
            ["pretokenizers"] = new JsonArray(
                new JsonObject { ["type"] = "Digits", ["individual_digits"] = true },
                new JsonObject { ["type"] = "ByteLevel", ["add_prefix_space"] = false, ["use_regex"] = true }),
        };
        WriteTokenizerJson(pre);
        Assert.Equal("starcoder", HfTokenizerImporter.Import(_folder, null).Pre);

        File.WriteAllText(Path.Combine(_folder, "config.json"), """{"model_type": "llama"}""");
        Assert.Equal("smollm", HfTokenizerImporter.Import(_folder, null).Pre);
    }

    [Fact]
    public void A_token_id_beyond_config_vocab_size_is_an_error()
    {
        WriteTokenizerJson(new JsonObject { ["type"] = "ByteLevel", ["add_prefix_space"] = false, ["use_regex"] = true });
        var error = Assert.Throws<InvalidDataException>(() => HfTokenizerImporter.Import(_folder, configVocabSize: 3));
        Assert.Contains("vocabulary size 3", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Smaller_tokenizers_are_padded_with_unused_pad_tokens()
    {
        WriteTokenizerJson(new JsonObject { ["type"] = "ByteLevel", ["add_prefix_space"] = false, ["use_regex"] = true });
        var tokenizer = HfTokenizerImporter.Import(_folder, configVocabSize: 8);
        Assert.Equal(["a", "b", "ab", "<|endoftext|>", "[PAD4]", "[PAD5]", "[PAD6]", "[PAD7]"], tokenizer.Tokens);
        Assert.Equal(
            [LlamaTokenType.Normal, LlamaTokenType.Normal, LlamaTokenType.Normal,
             LlamaTokenType.Control, .. Enumerable.Repeat(LlamaTokenType.Unused, 4)],
            tokenizer.TokenTypes);
        Assert.Equal(["a b"], tokenizer.Merges);
    }

    [Fact]
    public void Merges_as_pairs_encode_spaces_as_gguf_py_does()
    {
        WriteTokenizerJson(new JsonObject { ["type"] = "ByteLevel", ["use_regex"] = true }, merges: new JsonArray(new JsonArray("a", "b"), new JsonArray("x y", "z")));
        Assert.Equal(["a b", "x\u0120y z"], HfTokenizerImporter.Import(_folder, null).Merges);
    }

    [Fact]
    public void Every_truncation_of_a_sentencepiece_model_is_an_invalid_data_error()
    {
        var bytes = File.ReadAllBytes(Fixtures.Require("models/tiny-llama/tokenizer.model"));
        var complete = 0;
        for (var length = 0; length < bytes.Length; length++)
        {
            try
            {
                SentencePieceModelReader.Parse(bytes.AsSpan(0, length));
                complete++;
            }
            catch (InvalidDataException)
            {
            }
        }

        // A cut exactly between two top-level fields is a valid, shorter model; every other cut is refused.
        Assert.True(complete < bytes.Length / 10, $"{complete} truncations parsed");
        Assert.Equal(512, SentencePieceModelReader.Parse(bytes).Pieces.Count);
    }

    [Theory]
    [InlineData(new byte[] { 0x0A, 0xFF, 0xFF, 0xFF, 0xFF, 0x0F })]
    [InlineData(new byte[] { 0x0A, 0x02, 0x0A, 0x7F })]
    [InlineData(new byte[] { 0x0F })]
    [InlineData(new byte[] { 0x0A, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x01 })]
    public void Hostile_sentencepiece_bytes_are_refused(byte[] bytes)
    {
        Assert.Throws<InvalidDataException>(() => SentencePieceModelReader.Parse(bytes));
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private void WriteTokenizerJson(JsonObject preTokenizer, JsonArray? merges = null)
    {
        var json = new JsonObject
        {
            ["added_tokens"] = new JsonArray(new JsonObject { ["id"] = 3, ["content"] = "<|endoftext|>", ["special"] = true, ["normalized"] = false }),
            ["pre_tokenizer"] = preTokenizer,
            ["model"] = new JsonObject
            {
                ["type"] = "BPE",
                ["vocab"] = new JsonObject { ["a"] = 0, ["b"] = 1, ["ab"] = 2, ["<|endoftext|>"] = 3 },
                ["merges"] = merges ?? new JsonArray("a b"),
            },
        };
        File.WriteAllText(Path.Combine(_folder, "tokenizer.json"), json.ToJsonString());
    }
}
