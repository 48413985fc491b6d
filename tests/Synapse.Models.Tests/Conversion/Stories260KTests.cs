using Synapse.Models.Conversion;
using Synapse.Models.Gguf;
using Synapse.Testing;

namespace Synapse.Models.Tests.Conversion;

/// <summary>
/// stories260K-hf converted by Synapse against stories260K.gguf, written from the same weights by an independent
/// converter: the same llama hyper-parameters, bit-identical F32 tensors, the same greedy ids in llama.cpp.
/// </summary>
public sealed class Stories260KTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("synapse-stories-").FullName;

    [Fact]
    public async Task Converted_checkpoint_equals_the_reference_gguf()
    {
        var modelDirectory = Fixtures.Require(Path.Combine("models", "stories260K-hf"));
        var reference = Fixtures.Require(Path.Combine("models", "stories260K.gguf"));
        var converted = Path.Combine(_directory, "stories260K.gguf");

        await HfToGgufConverter.ConvertAsync(modelDirectory, converted, ModelQuantization.F32, null, PlaceholderTokenizer.Import, CancellationToken.None);

        using var ours = GgufReader.Open(converted);
        using var theirs = GgufReader.Open(reference);
        foreach (var (key, value) in theirs.File.Metadata.Where(kv => kv.Key.StartsWith("llama.", StringComparison.Ordinal)))
        {
            Assert.True(ours.File.Metadata.TryGetValue(key, out var mine), $"missing {key}");
            Assert.Equal(value, mine);
        }

        Assert.Equal(theirs.File.Tensors.Select(t => t.Name).Order(), ours.File.Tensors.Select(t => t.Name).Order());
        foreach (var tensor in theirs.File.Tensors)
        {
            var mine = ours.File.FindTensor(tensor.Name)!;
            Assert.Equal(tensor.Dimensions, mine.Dimensions);
            Assert.Equal(tensor.Type, mine.Type);
            Assert.True(theirs.ReadTensorBytes(tensor).AsSpan().SequenceEqual(ours.ReadTensorBytes(mine)), $"{tensor.Name} differs");
        }

        int[] prompt = [1, 403, 407, 261, 378, 292];
        Assert.Equal(GreedyRunner.Run(reference, prompt, 32, 0).Ids, GreedyRunner.Run(converted, prompt, 32, 0).Ids);
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);
}
