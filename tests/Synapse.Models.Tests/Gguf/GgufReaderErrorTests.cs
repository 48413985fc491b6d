using System.Buffers.Binary;
using System.Text;
using Synapse.Models.Gguf;

namespace Synapse.Models.Tests.Gguf;

public sealed class GgufReaderErrorTests
{
    private static readonly byte[] Valid = GgufTestFiles.Write(
        GgufTestFiles.EveryValueType(),
        [("w", [64, 2], GgmlType.Q8_0), ("n", [3], GgmlType.F32)]);

    [Fact]
    public void Every_truncation_is_an_InvalidDataException()
    {
        // Only the padding after the last tensor may go missing.
        var file = new GgufReader(new MemoryStream(Valid)).File;
        var end = file.DataOffset + file.Tensors.Max(t => (long)(t.Offset + t.ByteCount));
        Assert.True(end < Valid.Length);
        Assert.NotNull(new GgufReader(new MemoryStream(Valid[..(int)end])).File);
        for (var length = 0; length < end; length++)
        {
            var prefix = Valid.AsSpan(0, length).ToArray();
            var ex = Record.Exception(() => new GgufReader(new MemoryStream(prefix)));
            Assert.True(ex is InvalidDataException, $"length {length}: {ex?.GetType().Name ?? "no exception"}");
        }
    }

    [Fact]
    public void Bad_magic_is_refused()
    {
        var bytes = (byte[])Valid.Clone();
        bytes[0] = (byte)'X';
        var ex = Assert.Throws<InvalidDataException>(() => new GgufReader(new MemoryStream(bytes)));
        Assert.Contains("magic", ex.Message);
    }

    [Theory]
    [InlineData(1u)]
    [InlineData(4u)]
    public void Unsupported_version_is_refused(uint version)
    {
        var bytes = (byte[])Valid.Clone();
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(4), version);
        var ex = Assert.Throws<InvalidDataException>(() => new GgufReader(new MemoryStream(bytes)));
        Assert.Contains("version", ex.Message);
    }

    [Theory]
    [InlineData(8)]  // tensor count
    [InlineData(16)] // kv count
    [InlineData(24)] // length of the first key
    public void Absurd_counts_are_refused_before_allocating(int offset)
    {
        var bytes = (byte[])Valid.Clone();
        BinaryPrimitives.WriteUInt64LittleEndian(bytes.AsSpan(offset), ulong.MaxValue / 2);
        Assert.Throws<InvalidDataException>(() => new GgufReader(new MemoryStream(bytes)));
    }

    [Fact]
    public void Absurd_array_length_is_refused()
    {
        var bytes = Header(kvCount: 1, "a", GgufValueType.Array, writer =>
        {
            writer.Write((uint)GgufValueType.Float64);
            writer.Write(1UL << 40);
        });
        var ex = Assert.Throws<InvalidDataException>(() => new GgufReader(new MemoryStream(bytes)));
        Assert.Contains("array", ex.Message);
    }

    [Fact]
    public void Unknown_value_type_is_refused()
    {
        var bytes = Header(kvCount: 1, "a", (GgufValueType)13, writer => writer.Write(0u));
        Assert.Throws<InvalidDataException>(() => new GgufReader(new MemoryStream(bytes)));
    }

    [Fact]
    public void Invalid_bool_is_refused()
    {
        var bytes = Header(kvCount: 1, "a", GgufValueType.Bool, writer => writer.Write((byte)2));
        Assert.Throws<InvalidDataException>(() => new GgufReader(new MemoryStream(bytes)));
    }

    [Fact]
    public void Deeply_nested_arrays_are_refused()
    {
        var bytes = Header(kvCount: 1, "a", GgufValueType.Array, writer =>
        {
            for (var i = 0; i < 10_000; i++)
            {
                writer.Write((uint)GgufValueType.Array);
                writer.Write(1UL);
            }

            writer.Write((uint)GgufValueType.UInt8);
            writer.Write(0UL);
        });
        var ex = Assert.Throws<InvalidDataException>(() => new GgufReader(new MemoryStream(bytes)));
        Assert.Contains("nested", ex.Message);
    }

    [Fact]
    public void Duplicate_keys_are_refused()
    {
        var bytes = Header(kvCount: 2, "a", GgufValueType.UInt8, writer =>
        {
            writer.Write((byte)1);
            WriteString(writer, "a");
            writer.Write((uint)GgufValueType.UInt8);
            writer.Write((byte)2);
        });
        Assert.Throws<InvalidDataException>(() => new GgufReader(new MemoryStream(bytes)));
    }

    [Fact]
    public void Bad_alignment_is_refused()
    {
        var bytes = Header(kvCount: 1, GgufMetadata.AlignmentKey, GgufValueType.UInt32, writer => writer.Write(48u));
        Assert.Throws<InvalidDataException>(() => new GgufReader(new MemoryStream(bytes)));
    }

    [Theory]
    [InlineData(5u, 77u, 0ul)]          // five dimensions
    [InlineData(1u, 77u, 0ul)]          // unknown ggml type
    [InlineData(1u, 8u, 0ul)]           // Q8_0 row of 7 elements
    [InlineData(1u, 0u, 3ul)]           // misaligned offset
    [InlineData(1u, 0u, 1ul << 40)]     // offset past the end
    public void Bad_tensor_infos_are_refused(uint dimensions, uint type, ulong offset)
    {
        using var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true))
        {
            writer.Write(GgufReader.Magic);
            writer.Write(3u);
            writer.Write(1UL);
            writer.Write(0UL);
            WriteString(writer, "t");
            writer.Write(dimensions);
            for (var d = 0; d < dimensions; d++)
            {
                writer.Write(7UL);
            }

            writer.Write(type);
            writer.Write(offset);
            writer.Write(new byte[256]);
        }

        Assert.Throws<InvalidDataException>(() => new GgufReader(new MemoryStream(stream.ToArray())));
    }

    [Fact]
    public void Non_seekable_streams_are_refused()
    {
        Assert.Throws<ArgumentException>(() => new GgufReader(new NonSeekableStream(Valid)));
    }

    private static byte[] Header(ulong kvCount, string key, GgufValueType type, Action<BinaryWriter> value)
    {
        using var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true))
        {
            writer.Write(GgufReader.Magic);
            writer.Write(3u);
            writer.Write(0UL);
            writer.Write(kvCount);
            WriteString(writer, key);
            writer.Write((uint)type);
            value(writer);
        }

        return stream.ToArray();
    }

    private static void WriteString(BinaryWriter writer, string text)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        writer.Write((ulong)bytes.Length);
        writer.Write(bytes);
    }

    private sealed class NonSeekableStream(byte[] data) : MemoryStream(data)
    {
        public override bool CanSeek => false;
    }
}
