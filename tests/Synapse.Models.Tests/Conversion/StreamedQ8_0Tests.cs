using System.Text.Json.Nodes;
using Synapse.Models.Conversion;
using Synapse.Models.Gguf;
using Synapse.Models.Safetensors;
using Synapse.Testing;

namespace Synapse.Models.Tests.Conversion;

/// <summary>
/// Q8_0 is quantized while streaming with ggml's kernel; it must give exactly the file the old way gave (a float
/// file in the checkpoint's type, then llama.cpp's quantizer): the same tensors with the same types, shapes and
/// bytes, and the same metadata.
/// </summary>
public sealed class StreamedQ8_0Tests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("synapse-q8-").FullName;

    [Theory]
    [InlineData("tiny-gemma")] // F32 checkpoint
    [InlineData("tiny-gpt2")] // F32, transposed Conv1D weights
    [InlineData("tiny-qwen2")] // F16
    [InlineData("tiny-phi3")] // F16, split fused QKV/gate-up, computed rope factors
    [InlineData("tiny-gemma2")] // BF16, norm offsets
    [InlineData("tiny-mistral")] // BF16, permuted Q/K heads
    [InlineData("tiny-qwen3")] // BF16
    public async Task Streamed_Q8_0_equals_llama_cpp_quantizer_output_byte_for_byte(string fixture)
    {
        var modelDirectory = Fixtures.Require(Path.Combine("models", fixture));
        await AssertSameAsQuantizer(modelDirectory, fixture);
    }

    [Theory]
    [InlineData(96)]
    [InlineData(70016)] // down_proj's F32 rows then span several 16 MiB streaming chunks
    public async Task Weights_stored_finer_than_the_checkpoint_type_are_rounded_to_it_first_as_in_the_float_file(int feedForward)
    {
        // A BF16 checkpoint, so the old float file is BF16, with two F32 matrices whose values BF16 cannot hold:
        // they reach llama.cpp's quantizer rounded to BF16, and must reach ggml's kernel rounded the same way.
        var config = (JsonObject)JsonNode.Parse("""{"architectures":["LlamaForCausalLM"],"hidden_size":64,"num_attention_heads":2,"num_key_value_heads":1,"intermediate_size":0,"vocab_size":300,"num_hidden_layers":1,"rms_norm_eps":1e-5,"rope_theta":10000.0,"max_position_embeddings":64}""")!;
        config["intermediate_size"] = feedForward;
        static float Fine(int i) => MathF.Sin(i * 0.7f) * 0.3f + 1e-4f * (i % 7);
        var builder = new HfModelBuilder(config)
            .Tensor("model.embed_tokens.weight", [300, 64], Fine, SafetensorsDType.BF16)
            .Tensor("model.layers.0.input_layernorm.weight", [64], _ => 0.5f, SafetensorsDType.BF16)
            .Tensor("model.layers.0.self_attn.q_proj.weight", [64, 64], Fine, SafetensorsDType.BF16)
            .Tensor("model.layers.0.self_attn.k_proj.weight", [32, 64], Fine)
            .Tensor("model.layers.0.self_attn.v_proj.weight", [32, 64], Fine, SafetensorsDType.BF16)
            .Tensor("model.layers.0.self_attn.o_proj.weight", [64, 64], Fine, SafetensorsDType.BF16)
            .Tensor("model.layers.0.post_attention_layernorm.weight", [64], Fine)
            .Tensor("model.layers.0.mlp.gate_proj.weight", [feedForward, 64], Fine, SafetensorsDType.BF16)
            .Tensor("model.layers.0.mlp.up_proj.weight", [feedForward, 64], Fine, SafetensorsDType.BF16)
            .Tensor("model.layers.0.mlp.down_proj.weight", [64, feedForward], Fine)
            .Tensor("model.norm.weight", [64], _ => 0.75f, SafetensorsDType.BF16)
            .Tensor("lm_head.weight", [300, 64], Fine);
        var modelDirectory = builder.Write(Path.Combine(_directory, $"mixed-{feedForward}"));

        await AssertSameAsQuantizer(modelDirectory, $"mixed-{feedForward}");
    }

    private async Task AssertSameAsQuantizer(string modelDirectory, string name)
    {
        var streamedPath = Path.Combine(_directory, $"{name}-streamed.gguf");
        var quantizerPath = Path.Combine(_directory, $"{name}-quantizer.gguf");

        await HfToGgufConverter.ConvertAsync(modelDirectory, streamedPath, ModelQuantization.Q8_0, null, PlaceholderTokenizer.Import,
            forceLlamaQuantizer: false, CancellationToken.None);
        await HfToGgufConverter.ConvertAsync(modelDirectory, quantizerPath, ModelQuantization.Q8_0, null, PlaceholderTokenizer.Import,
            forceLlamaQuantizer: true, CancellationToken.None);

        using var streamed = GgufReader.Open(streamedPath);
        using var quantizer = GgufReader.Open(quantizerPath);
        // llama.cpp's quantizer writes its tensors in name order; compare them by name.
        var expected = quantizer.File.Tensors.ToDictionary(t => t.Name, StringComparer.Ordinal);
        Assert.Equal(expected.Keys.Order(StringComparer.Ordinal), streamed.File.Tensors.Select(t => t.Name).Order(StringComparer.Ordinal));
        Assert.Contains(streamed.File.Tensors, t => t.Type == GgmlType.Q8_0);
        foreach (var tensor in streamed.File.Tensors)
        {
            var reference = expected[tensor.Name];
            Assert.True(reference.Type == tensor.Type, $"{tensor.Name}: {tensor.Type}, llama.cpp's quantizer gives {reference.Type}");
            Assert.Equal(reference.Dimensions, tensor.Dimensions);
            var bytes = streamed.ReadTensorBytes(tensor);
            var referenceBytes = quantizer.ReadTensorBytes(reference);
            Assert.True(referenceBytes.AsSpan().SequenceEqual(bytes), $"{tensor.Name} ({tensor.Type}) differs from llama.cpp's quantizer output");
        }

        var streamedKeys = streamed.File.Metadata.ToDictionary(kv => kv.Key, kv => kv.Value, StringComparer.Ordinal);
        var quantizerKeys = quantizer.File.Metadata.ToDictionary(kv => kv.Key, kv => kv.Value, StringComparer.Ordinal);
        Assert.Equal(quantizerKeys.Keys.Order(StringComparer.Ordinal), streamedKeys.Keys.Order(StringComparer.Ordinal));
        foreach (var (key, value) in quantizerKeys)
        {
            Assert.True(value.Equals(streamedKeys[key]), $"metadata {key}: {streamedKeys[key].Value}, llama.cpp's quantizer gives {value.Value}");
        }

        Assert.Equal(7u, streamed.File.Metadata["general.file_type"].Value);
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);
}
