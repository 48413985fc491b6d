using System.Text.Json;
using LLama.Native;
using Synapse.Models.Conversion.Tokenizers;
using Synapse.Models.Gguf;
using Synapse.Testing.Llama;
using Synapse.Testing;

namespace Synapse.Models.Tests.Conversion.Tokenizers;

/// <summary>The tokenizers of the tiny fixture models import completely and tokenize their prompts as Hugging Face did.</summary>
public sealed class TinyModelTokenizerTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "synapse-toktiny-" + Guid.NewGuid().ToString("N"));

    public static TheoryData<string, string, string> Models => new()
    {
        // folder, tokenizer.ggml.model, tokenizer.ggml.pre
        { "tiny-gpt2", "gpt2", "gpt-2" },
        { "tiny-llama", "llama", "default" },
        { "tiny-mistral", "llama", "default" },
        { "tiny-qwen2", "gpt2", "qwen2" },
        { "tiny-qwen3", "gpt2", "qwen2" },
        { "tiny-gemma", "llama", "default" },
        { "tiny-gemma2", "llama", "default" },
        { "tiny-phi3", "gpt2", "qwen2" },
        { "stories260K-hf", "llama", "default" },
    };

    public static TheoryData<string> ModelsWithExpectations => new(Models.Select(m => m.Data.Item1).Where(m => m.StartsWith("tiny-", StringComparison.Ordinal)));

    [Theory]
    [MemberData(nameof(Models))]
    public void Imports_with_config_vocab_size_special_ids_and_chat_template(string folder, string model, string pre)
    {
        var directory = Fixtures.Require($"models/{folder}");
        using var config = JsonDocument.Parse(File.ReadAllText(Path.Combine(directory, "config.json")));
        using var tokenizerConfig = JsonDocument.Parse(File.ReadAllText(Path.Combine(directory, "tokenizer_config.json")));
        var vocabSize = config.RootElement.GetProperty("vocab_size").GetInt32();

        var tokenizer = HfTokenizerImporter.Import(directory, vocabSize);

        Assert.Equal(model, tokenizer.Model);
        Assert.Equal(pre, tokenizer.Pre);
        Assert.Equal(vocabSize, tokenizer.Tokens.Count);
        Assert.Equal(vocabSize, tokenizer.TokenTypes.Count);
        Assert.Equal(vocabSize, tokenizer.Scores?.Count ?? vocabSize);
        Assert.Equal(model == "llama", tokenizer.Scores is not null);
        Assert.Equal(model == "gpt2", tokenizer.Merges.Count > 0);
        Assert.Equal(tokenizer.Tokens.Count, tokenizer.Tokens.Distinct(StringComparer.Ordinal).Count());

        // Ids past the tokenizer's own vocabulary are padding, typed UNUSED.
        for (var i = 0; i < vocabSize; i++)
        {
            if (tokenizer.Tokens[i] == $"[PAD{i}]")
            {
                Assert.Equal(LlamaTokenType.Unused, tokenizer.TokenTypes[i]);
            }
        }

        // EOS is the token tokenizer_config.json names (else config.json's id); BOS likewise where either names one.
        AssertSpecial("eos", tokenizer.EosTokenId, tokenizer, tokenizerConfig.RootElement, config.RootElement);
        AssertSpecial("bos", tokenizer.BosTokenId, tokenizer, tokenizerConfig.RootElement, config.RootElement);
        Assert.Equal(LlamaTokenType.Control, tokenizer.TokenTypes[tokenizer.EosTokenId!.Value]);

        var template = tokenizerConfig.RootElement.TryGetProperty("chat_template", out var t) ? t.GetString() : null;
        Assert.Equal(template, tokenizer.ChatTemplate);
        Assert.Equal(tokenizerConfig.RootElement.TryGetProperty("add_bos_token", out var addBos) ? addBos.GetBoolean() : null, tokenizer.AddBos);

        // generation_config.json's end-of-generation ids are all kept.
        using var generation = JsonDocument.Parse(File.ReadAllText(Path.Combine(directory, "generation_config.json")));
        var eos = generation.RootElement.GetProperty("eos_token_id");
        var expectedEog = eos.ValueKind == JsonValueKind.Array ? eos.EnumerateArray().Select(e => e.GetInt32()).ToArray() : [eos.GetInt32()];
        Assert.All(expectedEog, id => Assert.Contains(id, tokenizer.EndOfGenerationTokenIds));
    }

    [Theory]
    [MemberData(nameof(ModelsWithExpectations))]
    public void Llama_cpp_tokenizes_the_prompt_into_the_expected_ids_and_ends_generation_on_the_configured_ids(string folder)
    {
        var directory = Fixtures.Require($"models/{folder}");
        using var expected = JsonDocument.Parse(File.ReadAllText(Path.Combine(directory, "expected.json")));
        var text = expected.RootElement.GetProperty("prompt_text").GetString()!;
        var ids = expected.RootElement.GetProperty("prompt_ids").EnumerateArray().Select(e => e.GetInt32()).ToArray();
        var tokenizer = HfTokenizerImporter.Import(directory, configVocabSize: null);
        var path = WriteVocabOnly(folder, tokenizer);

        using var runner = new LlamaRunner(path, vocabOnly: true);
        Assert.Equal(ids, runner.Tokenize(text, addBos: true, special: false));
        // Piece by piece, SentencePiece's dummy prefix shows as a leading space unless the vocabulary turns it off.
        var decoded = runner.Detokenize(ids.Where(id => tokenizer.TokenTypes[id] != LlamaTokenType.Control));
        var dummyPrefix = tokenizer.Model == "llama" && tokenizer.AddSpacePrefix != false;
        Assert.Equal(dummyPrefix ? " " + text : text, decoded);

        var vocab = runner.Model.Vocab;
        Assert.All(tokenizer.EndOfGenerationTokenIds, id => Assert.True(((LLamaToken)id).IsEndOfGeneration(vocab), $"{folder}: llama.cpp does not end generation on token {id} '{tokenizer.Tokens[id]}'"));
    }

    [Fact]
    public void Stories260K_vocabulary_tokenizes_like_the_ready_gguf()
    {
        var tokenizer = HfTokenizerImporter.Import(Fixtures.Require("models/stories260K-hf"), configVocabSize: null);
        var readyPath = Fixtures.Require("models/stories260K.gguf");
        var ready = GgufReader.ReadFile(readyPath).Metadata;
        Assert.Equal(ready.GetArray("tokenizer.ggml.tokens").AsStrings(), tokenizer.Tokens);

        using var ours = new LlamaRunner(WriteVocabOnly("stories260K-hf", tokenizer), vocabOnly: true);
        using var theirs = new LlamaRunner(readyPath, vocabOnly: true);
        foreach (var text in new[] { "Once upon a time, there was a little girl named Lily.", "  two  spaces\nand a newline", "日本語 and ümlauts" })
        {
            Assert.Equal(theirs.Tokenize(text, addBos: true), ours.Tokenize(text, addBos: true));
        }
    }

    public void Dispose()
    {
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }

    private static void AssertSpecial(string type, int? actual, GgufTokenizer tokenizer, JsonElement tokenizerConfig, JsonElement config)
    {
        var content = tokenizerConfig.TryGetProperty($"{type}_token", out var c) && c.ValueKind == JsonValueKind.String ? c.GetString() : null;
        var configId = config.TryGetProperty($"{type}_token_id", out var i) && i.ValueKind == JsonValueKind.Number ? i.GetInt32() : (int?)null;
        if (content is null && configId is null)
        {
            return;
        }

        Assert.NotNull(actual);
        if (configId is { } id && (content is null || tokenizer.Tokens[id] == content))
        {
            Assert.Equal(id, actual);
        }
        else
        {
            Assert.Equal(content, tokenizer.Tokens[actual.Value]);
        }
    }

    private string WriteVocabOnly(string name, GgufTokenizer tokenizer)
    {
        Directory.CreateDirectory(_folder);
        var path = Path.Combine(_folder, name + ".gguf");
        VocabOnlyModel.WriteWithLlamaHeader(path, tokenizer);
        return path;
    }
}
