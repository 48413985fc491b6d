using Synapse.Models.Conversion;
using Synapse.Models.Gguf;
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

    [SkippableTheory]
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
        var streamedPath = Path.Combine(_directory, $"{fixture}-streamed.gguf");
        var quantizerPath = Path.Combine(_directory, $"{fixture}-quantizer.gguf");

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
