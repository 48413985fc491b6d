using System.Text.Json;
using LLama.Native;
using Synapse.Models.Conversion.Tokenizers;
using Synapse.Models.Gguf;
using Synapse.Testing;
using Synapse.Testing.Llama;

namespace Synapse.Models.Tests.Conversion.Tokenizers;

/// <summary>
/// The real Qwen tokenizer (Qwen3's tokenizer.json: the Qwen2/2.5 vocabulary and merges, Synapse's default model's
/// family) through our import: llama.cpp reproduces its ggml-vocab-qwen2 test vectors, and the added tokens and
/// special ids are what llama.cpp's converter writes (get_vocab_base + SpecialVocab).
/// </summary>
public sealed class QwenTokenizerTests : IClassFixture<QwenTokenizerTests.Context>
{
    private const int EndOfText = 151643;
    private const int ImStart = 151644;
    private const int ImEnd = 151645;

    private readonly Context _context;

    public QwenTokenizerTests(Context context) => _context = context;

    [Fact]
    public void Llama_cpp_reproduces_the_qwen2_test_vectors_through_the_converted_vocab()
    {
        var vectors = VocabTestVectors.Read(
            Fixtures.Require("tokenizers/ggml-vocab/ggml-vocab-qwen2.gguf.inp"),
            Fixtures.Require("tokenizers/ggml-vocab/ggml-vocab-qwen2.gguf.out"));
        using var runner = new LlamaRunner(_context.VocabPath, vocabOnly: true);

        var failures = vectors
            .Select(v => (v.Text, v.Ids, Actual: runner.Tokenize(v.Text, addBos: false, special: false)))
            .Where(v => !v.Ids.SequenceEqual(v.Actual))
            .Select(v => $"  {JsonSerializer.Serialize(v.Text)}: expected [{string.Join(' ', v.Ids)}], got [{string.Join(' ', v.Actual)}]")
            .ToList();
        // 46 strings with 46 id lines (a reader that keeps the empty remainder after the last separator counts 47).
        Assert.Equal(46, vectors.Count);
        Assert.True(failures.Count == 0, $"{failures.Count} of {vectors.Count} vectors differ:{Environment.NewLine}{string.Join(Environment.NewLine, failures)}");
    }

    [Fact]
    public void Import_is_a_qwen2_byte_level_bpe_padded_to_the_config_vocabulary()
    {
        var tokenizer = _context.Tokenizer;

        Assert.Equal("gpt2", tokenizer.Model);
        Assert.Equal("qwen2", tokenizer.Pre);
        Assert.Equal(151936, tokenizer.Tokens.Count);
        Assert.Equal(tokenizer.Tokens.Count, tokenizer.TokenTypes.Count);
        Assert.Null(tokenizer.Scores);
        Assert.Equal(151387, tokenizer.Merges.Count);

        // get_vocab_base pads up to config.json's vocab_size with [PADn] tokens typed UNUSED.
        Assert.Equal("<|endoftext|>", tokenizer.Tokens[EndOfText]);
        Assert.Equal("</think>", tokenizer.Tokens[151668]);
        Assert.Equal("[PAD151669]", tokenizer.Tokens[151669]);
        Assert.Equal("[PAD151935]", tokenizer.Tokens[151935]);
        Assert.All(tokenizer.TokenTypes.Skip(151669), t => Assert.Equal(LlamaTokenType.Unused, t));
        Assert.All(tokenizer.TokenTypes.Take(EndOfText), t => Assert.Equal(LlamaTokenType.Normal, t));
    }

    [Fact]
    public void Added_tokens_keep_the_types_qwen_declares()
    {
        var tokenizer = _context.Tokenizer;
        LlamaTokenType Type(string text) => tokenizer.TokenTypes[tokenizer.Tokens.ToList().IndexOf(text)];

        // special: true in tokenizer.json: control tokens.
        foreach (var control in new[] { "<|endoftext|>", "<|im_start|>", "<|im_end|>", "<|object_ref_start|>", "<|vision_pad|>", "<|video_pad|>" })
        {
            Assert.Equal(LlamaTokenType.Control, Type(control));
        }

        // special: false, but shaped <|x|>: llama.cpp's does_token_look_special makes them control tokens too.
        foreach (var fim in new[] { "<|fim_prefix|>", "<|fim_middle|>", "<|fim_suffix|>", "<|fim_pad|>", "<|repo_name|>", "<|file_sep|>" })
        {
            Assert.Equal(LlamaTokenType.Control, Type(fim));
        }

        // special: false and plain-looking: user-defined, so text containing them still tokenizes them whole.
        foreach (var user in new[] { "<think>", "</think>", "<tool_call>", "</tool_call>", "<tool_response>", "</tool_response>" })
        {
            Assert.Equal(LlamaTokenType.UserDefined, Type(user));
        }
    }

    [Fact]
    public void Special_ids_are_the_ones_llama_cpp_converter_sets()
    {
        var tokenizer = _context.Tokenizer;

        // tokenizer_config.json: eos_token <|im_end|>, pad_token <|endoftext|>, bos_token null, add_bos_token false;
        // config.json then fills what is still unset: BOS (bos_token_id 151643).
        Assert.Equal(ImEnd, tokenizer.EosTokenId);
        Assert.Equal(EndOfText, tokenizer.PadTokenId);
        Assert.Equal(EndOfText, tokenizer.BosTokenId);
        Assert.False(tokenizer.AddBos);
        Assert.Null(tokenizer.UnkTokenId);
        Assert.Contains(ImEnd, tokenizer.EndOfGenerationTokenIds);
        Assert.Contains("enable_thinking", tokenizer.ChatTemplate, StringComparison.Ordinal);

        var metadata = new GgufMetadata();
        tokenizer.WriteTo(metadata);
        Assert.Equal("qwen2", metadata["tokenizer.ggml.pre"].AsString());
    }

    [Fact]
    public void Llama_cpp_reads_eos_eot_and_padding_and_parses_the_chat_tokens_as_special()
    {
        using var runner = new LlamaRunner(_context.VocabPath, vocabOnly: true);
        var vocab = runner.Model.Vocab;

        Assert.Equal(ImEnd, (int?)vocab.EOS);
        Assert.Equal(EndOfText, (int?)vocab.Pad);
        Assert.False(vocab.ShouldAddBOS);

        // Qwen's converter writes no EOT id; llama.cpp takes <|im_end|> or <|endoftext|> by their text, and both end
        // generation.
        Assert.Contains((int?)vocab.EOT, new int?[] { ImEnd, EndOfText });
        Assert.True(((LLamaToken)ImEnd).IsEndOfGeneration(vocab));
        Assert.True(((LLamaToken)EndOfText).IsEndOfGeneration(vocab));
        Assert.False(((LLamaToken)ImStart).IsEndOfGeneration(vocab));

        var rendered = "<|im_start|>user\nHi<|im_end|>\n<|im_start|>assistant\n<think>\n\n</think>\n\n";
        var ids = runner.Tokenize(rendered, addBos: false, special: true);
        Assert.Equal(ImStart, ids[0]);
        Assert.Contains(ImEnd, ids);
        Assert.Contains(151667, ids);
        Assert.Contains(151668, ids);
        Assert.Equal(2, ids.Count(id => id == ImStart));

        // Without special parsing the control tokens are plain text, but user-defined <think> still is one token.
        var plain = runner.Tokenize(rendered, addBos: false, special: false);
        Assert.DoesNotContain(ImStart, plain);
        Assert.Contains(151667, plain);
    }

    public sealed class Context : IDisposable
    {
        private readonly TokenizerFixtures _fixtures = new();
        private readonly string _folder = Directory.CreateTempSubdirectory("synapse-tokqwen-").FullName;

        public Context()
        {
            Tokenizer = HfTokenizerImporter.Import(_fixtures.ModelDirectory("qwen2"), configVocabSize: null);
            VocabPath = Path.Combine(_folder, "qwen2.gguf");
            VocabOnlyModel.WriteWithLlamaHeader(VocabPath, Tokenizer);
        }

        public GgufTokenizer Tokenizer { get; }

        /// <summary>A vocab-only GGUF holding our import (llama's hyper-parameters: llama.cpp reads them even then).</summary>
        public string VocabPath { get; }

        public void Dispose()
        {
            _fixtures.Dispose();
            Directory.Delete(_folder, recursive: true);
        }
    }
}
