using Synapse.Models.Gguf;
using Synapse.Testing;
using Synapse.Testing.Fuzzing;

namespace Synapse.Models.Tests.Gguf;

/// <summary>
/// Seeded mutations of GGUF files (a generated one holding every value type, and a real model): the reader gives a
/// model or an <see cref="InvalidDataException"/>, never a crash, a hang or an allocation sized by a header's claim.
/// </summary>
public sealed class GgufReaderFuzzTests
{
    private static readonly byte[] Generated = GgufTestFiles.Write(
        GgufTestFiles.EveryValueType(),
        [("w", [64, 2], GgmlType.Q8_0), ("n", [3], GgmlType.F32), ("h", [8, 4], GgmlType.F16)]);

    [Fact]
    public async Task MutatedGeneratedFilesAreReadOrRefused()
    {
        var fuzzer = new FileFuzzer(Mutator.SeedFromEnvironment(16_001));
        await fuzzer.RunAsync("generated GGUF (every value type)", 3000, m => m.MutateBytes(Generated, Generated.Length), Read, FileFuzzer.Describe,
            typeof(InvalidDataException));
        fuzzer.Report();
    }

    [Fact]
    public async Task MutatedRealModelHeadersAreReadOrRefused()
    {
        var original = await File.ReadAllBytesAsync(Fixtures.Require("models/stories260K.gguf"), TestContext.Current.CancellationToken);
        int header;
        using (var reader = new GgufReader(new MemoryStream(original)))
        {
            header = (int)Math.Min(original.Length, reader.File.DataOffset);
        }

        var fuzzer = new FileFuzzer(Mutator.SeedFromEnvironment(16_002));
        await fuzzer.RunAsync("stories260K.gguf (header)", 1000, m => m.MutateBytes(original, header), Read, FileFuzzer.Describe,
            typeof(InvalidDataException));
        fuzzer.Report();
    }

    [Fact]
    public void AnEmptyKeyIsRefused()
    {
        // Regression (issue 16 fuzzing): an empty key threw ArgumentException from the metadata.
        var bytes = Header(tensors: 0, entries: 1, [.. UInt64(0), .. UInt32(4), .. UInt32(1)]);
        var error = Assert.Throws<InvalidDataException>(() => new GgufReader(new MemoryStream(bytes)));
        Assert.Contains("empty key", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AQuantizedTensorWithoutDimensionsIsRefused()
    {
        // Regression (issue 16 fuzzing): no dimensions means one element, which no Q8_0 block holds: ArgumentException.
        var bytes = Header(tensors: 1, entries: 0, [.. UInt64(1), (byte)'t', .. UInt32(0), .. UInt32((uint)GgmlType.Q8_0), .. UInt64(0)]);
        var error = Assert.Throws<InvalidDataException>(() => new GgufReader(new MemoryStream(bytes)));
        Assert.Contains("block size", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ATensorWithAnEmptyNameIsRefused()
    {
        // Regression (issue 16 fuzzing, seed 3): an empty tensor name threw ArgumentException from GgufTensorInfo.
        var bytes = Header(tensors: 1, entries: 0, [.. UInt64(0), .. UInt32(1), .. UInt64(32), .. UInt32((uint)GgmlType.F32), .. UInt64(0)]);
        var error = Assert.Throws<InvalidDataException>(() => new GgufReader(new MemoryStream(bytes)));
        Assert.Contains("empty name", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ATensorWhoseByteCountOverflowsIsRefused()
    {
        // Regression (issue 16 fuzzing, seeds 4 and 7): 2^62 F32 elements fit a long, their bytes do not: OverflowException.
        var bytes = Header(tensors: 1, entries: 0, [.. UInt64(1), (byte)'t', .. UInt32(1), .. UInt64(1UL << 62), .. UInt32((uint)GgmlType.F32), .. UInt64(0)]);
        var error = Assert.Throws<InvalidDataException>(() => new GgufReader(new MemoryStream(bytes)));
        Assert.Contains("larger than any file", error.Message, StringComparison.Ordinal);
    }

    private static byte[] Header(ulong tensors, ulong entries, byte[] rest) =>
        [.. "GGUF"u8, .. UInt32(3), .. UInt64(tensors), .. UInt64(entries), .. rest, .. new byte[64]];

    private static byte[] UInt32(uint value) => BitConverter.GetBytes(value);

    private static byte[] UInt64(ulong value) => BitConverter.GetBytes(value);

    /// <summary>Reads the header, then every tensor's bytes: a tensor that claims more than the file holds is refused too.</summary>
    private static void Read(byte[] bytes)
    {
        using var reader = new GgufReader(new MemoryStream(bytes));
        foreach (var tensor in reader.File.Tensors)
        {
            if (tensor.ByteCount <= 1 << 20)
            {
                _ = reader.ReadTensorBytes(tensor);
            }
        }
    }
}
