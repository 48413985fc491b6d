using Synapse.Models.Conversion;
using Synapse.Models.Gguf;
using Synapse.Testing.Embeddings;
using Synapse.Testing.Llama;

namespace Synapse.Models.Tests.Conversion;

/// <summary>
/// The embedding fixtures convert, and llama.cpp (reading the GGUF's own vocabulary and pooling type) reproduces the
/// reference's token ids exactly and its embeddings by cosine: ≥ 0.9999 in F32, ≥ 0.999 in F16.
/// </summary>
public sealed class EmbeddingConversionTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("synapse-embconv-").FullName;

    public static TheoryData<string, ModelQuantization, double> Cases() => new()
    {
        { "tiny-bert", ModelQuantization.F32, 0.9999 },
        { "tiny-bert", ModelQuantization.F16, 0.999 },
        { "tiny-qwen3-embedding", ModelQuantization.F32, 0.9999 },
        { "tiny-qwen3-embedding", ModelQuantization.F16, 0.999 },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Fixture_converts_and_reproduces_the_reference_ids_and_embeddings(string fixture, ModelQuantization quantization, double minCosine)
    {
        var (modelDirectory, expected) = EmbeddingFixture.Require(fixture);
        var gguf = Path.Combine(_directory, $"{fixture}-{quantization}.gguf");

        await HfToGgufConverter.ConvertAsync(modelDirectory, gguf, quantization, null, CancellationToken.None);

        using var runner = new LlamaRunner(gguf);
        Assert.NotEmpty(expected.Cases);
        foreach (var item in expected.Cases)
        {
            var ids = runner.Tokenize(item.Text, addBos: true);
            Assert.Equal(item.Ids, ids);
            var embedding = runner.Embed(ids);
            Assert.Equal(expected.Dimension, embedding.Length);
            var cosine = EmbeddingFixture.Cosine(embedding, item.Embedding);
            Assert.True(cosine >= minCosine, $"{fixture} {quantization} '{item.Text}': cosine {cosine:F6} < {minCosine}");
        }
    }

    [Fact]
    public async Task Bert_writes_llama_cpp_keys_pooling_and_the_phantom_space_vocabulary()
    {
        var (modelDirectory, _) = EmbeddingFixture.Require("tiny-bert");
        var gguf = Path.Combine(_directory, "bert.gguf");

        await HfToGgufConverter.ConvertAsync(modelDirectory, gguf, ModelQuantization.F16, null, CancellationToken.None);

        var file = GgufReader.ReadFile(gguf);
        var metadata = file.Metadata;
        Assert.Equal("bert", metadata.GetString("general.architecture"));
        Assert.Equal(1, metadata.GetInt32("bert.pooling_type")); // mean
        Assert.Equal(false, metadata["bert.attention.causal"].Value);
        Assert.Equal(true, metadata["synapse.embedding.normalize"].Value);
        Assert.Equal("bert", metadata.GetString("tokenizer.ggml.model"));
        Assert.Equal(2, metadata.GetInt32("tokenizer.ggml.token_type_count"));
        Assert.Equal(101, metadata.GetInt32("tokenizer.ggml.cls_token_id"));
        Assert.Equal(102, metadata.GetInt32("tokenizer.ggml.seperator_token_id"));
        Assert.Equal(100, metadata.GetInt32("tokenizer.ggml.unknown_token_id"));
        Assert.Equal(0, metadata.GetInt32("tokenizer.ggml.padding_token_id"));
        Assert.Equal(103, metadata.GetInt32("tokenizer.ggml.mask_token_id"));
        var names = file.Tensors.Select(t => t.Name).ToList();
        Assert.Contains("token_types.weight", names);
        Assert.Contains("blk.1.layer_output_norm.bias", names);
        Assert.DoesNotContain(names, n => n.Contains("pooler", StringComparison.Ordinal));
        Assert.Equal(GgmlType.F32, file.FindTensor("token_types.weight")!.Type);
        Assert.Equal(GgmlType.F16, file.FindTensor("blk.0.attn_q.weight")!.Type);
    }

    [Fact]
    public async Task Qwen3_embedding_writes_last_token_pooling()
    {
        var (modelDirectory, _) = EmbeddingFixture.Require("tiny-qwen3-embedding");
        var gguf = Path.Combine(_directory, "qwen3.gguf");

        await HfToGgufConverter.ConvertAsync(modelDirectory, gguf, ModelQuantization.F32, null, CancellationToken.None);

        var metadata = GgufReader.ReadFile(gguf).Metadata;
        Assert.Equal("qwen3", metadata.GetString("general.architecture"));
        Assert.Equal(3, metadata.GetInt32("qwen3.pooling_type")); // last
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);
}
