using System.Buffers.Binary;
using Synapse.Models.Safetensors;
using Synapse.Testing;
using Synapse.Testing.Fuzzing;

namespace Synapse.Models.Tests.Safetensors;

/// <summary>
/// Seeded mutations of a real safetensors file's header: <see cref="SafetensorsFile.Open"/> gives the tensors or an
/// <see cref="InvalidDataException"/>, never a crash, a hang or an allocation sized by the header's claims.
/// </summary>
public sealed class SafetensorsFileFuzzTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("synapse-st-fuzz-").FullName;

    [Fact]
    public async Task MutatedHeadersAreReadOrRefused()
    {
        var original = await File.ReadAllBytesAsync(Fixtures.Require("models/tiny-llama/model.safetensors"), TestContext.Current.CancellationToken);
        var header = (int)Math.Min(original.Length, 8 + (long)BinaryPrimitives.ReadUInt64LittleEndian(original));
        var path = Path.Combine(_folder, "model.safetensors");
        var fuzzer = new FileFuzzer(Mutator.SeedFromEnvironment(16_003));
        await fuzzer.RunAsync("tiny-llama model.safetensors (header)", 1500, m => Mutate(m, original, header), bytes =>
        {
            File.WriteAllBytes(path, bytes);
            using var file = SafetensorsFile.Open(path);
            foreach (var tensor in file.Tensors)
            {
                using var view = file.Map(tensor, 0, (int)Math.Min(tensor.ByteLength, 64));
            }
        }, FileFuzzer.Describe, typeof(InvalidDataException));
        fuzzer.Report();
    }

    [Theory]
    [InlineData("{\"\\ud800\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}}")]
    [InlineData("{\"w\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]},\"__metadata__\":{\"format\":\"\\udc00\"}}")]
    [InlineData("{\"w\xff\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}}")]
    public void AHeaderStringThatIsNotTextIsRefused(string header)
    {
        // Regression (issue 16 fuzzing): such strings threw InvalidOperationException while the header was checked.
        var json = header.Select(c => (byte)c).ToArray(); // \xff stays one raw byte: invalid UTF-8
        var bytes = new byte[8 + json.Length + 4];
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, (ulong)json.Length);
        json.CopyTo(bytes, 8);
        var path = Path.Combine(_folder, "bad.safetensors");
        File.WriteAllBytes(path, bytes);
        var error = Assert.Throws<InvalidDataException>(() => SafetensorsFile.Open(path));
        Assert.Contains("not valid text", error.Message, StringComparison.Ordinal);
    }

    /// <summary>Half the cases mutate the JSON header as text (values, keys, nesting), half its bytes.</summary>
    private static byte[] Mutate(Mutator mutator, byte[] original, int header)
    {
        if (mutator.Next(2) == 0)
        {
            return mutator.MutateBytes(original, header);
        }

        var json = System.Text.Encoding.UTF8.GetString(original, 8, header - 8);
        var mutated = mutator.MutateJson(json);
        var bytes = new byte[8 + mutated.Length + (original.Length - header)];
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, (ulong)mutated.Length);
        mutated.CopyTo(bytes, 8);
        original.AsSpan(header).CopyTo(bytes.AsSpan(8 + mutated.Length));
        return bytes;
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
