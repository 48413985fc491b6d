using Synapse.Models.Gguf;
using Synapse.Testing;

namespace Synapse.Models.Tests.Gguf;

public sealed class GgufFixtureTests
{
    [Fact]
    public void Reads_every_ggml_vocab_file_and_rewrites_it_byte_identically()
    {
        var folder = Fixtures.Require("tokenizers/ggml-vocab");
        var files = Directory.GetFiles(folder, "ggml-vocab-*.gguf").Order(StringComparer.Ordinal).ToArray();
        Assert.NotEmpty(files);

        foreach (var path in files)
        {
            var bytes = File.ReadAllBytes(path);
            using var reader = new GgufReader(new MemoryStream(bytes));
            var metadata = reader.File.Metadata;
            var name = Path.GetFileName(path);

            Assert.False(string.IsNullOrEmpty(metadata.GetString("tokenizer.ggml.model")), name);
            var tokens = metadata.GetArray("tokenizer.ggml.tokens");
            Assert.Equal(GgufValueType.String, tokens.ElementType);
            Assert.True(tokens.Count > 1000, $"{name}: {tokens.Count} tokens");
            if (metadata.TryGetValue("tokenizer.ggml.scores", out var scores))
            {
                Assert.Equal(tokens.Count, scores.AsArray().Count);
            }

            if (metadata.TryGetValue("tokenizer.ggml.token_type", out var types))
            {
                Assert.Equal(tokens.Count, types.AsArray().Count);
            }

            if (metadata.TryGetValue("tokenizer.ggml.merges", out var merges))
            {
                // Every merge is "left right" with a non-empty left half.
                var malformed = merges.AsArray().AsStrings().Count(m => m.IndexOf(' ', 1) < 0);
                Assert.True(malformed == 0, $"{name}: {malformed} malformed merges");
            }

            if (metadata.TryGetValue("tokenizer.ggml.bos_token_id", out var bos))
            {
                Assert.InRange(bos.AsInt64(), 0, tokens.Count - 1);
            }

            Assert.True(bytes.AsSpan().SequenceEqual(GgufTestFiles.Rewrite(new MemoryStream(bytes))), $"{name} was not rewritten identically");
        }
    }

    [Fact]
    public void Reads_the_stories260K_model_and_its_tensors()
    {
        var path = Fixtures.Require("models/stories260K.gguf");
        using var reader = GgufReader.Open(path);
        var file = reader.File;

        Assert.Equal("llama", file.Metadata.GetString("general.architecture"));
        var embd = file.FindTensor("token_embd.weight");
        Assert.NotNull(embd);
        Assert.Equal((ulong)file.Metadata.GetInt64("llama.embedding_length"), embd.Dimensions[0]);
        Assert.Equal((ulong)file.Metadata.GetArray("tokenizer.ggml.tokens").Count, embd.Dimensions[1]);
        var last = file.Tensors.MaxBy(t => t.Offset)!;
        Assert.True(file.DataOffset + (long)last.Offset + (long)last.ByteCount <= reader.Length);

        var bytes = File.ReadAllBytes(path);
        Assert.True(bytes.AsSpan().SequenceEqual(GgufTestFiles.Rewrite(new MemoryStream(bytes))));
    }
}
