using Synapse.Models.Gguf;

namespace Synapse.Models.Tests.Gguf;

public sealed class GgufRoundTripTests
{
    private static readonly (string, ulong[], GgmlType)[] SeveralTensors =
    [
        ("f32.vector", [7], GgmlType.F32),
        ("f16.matrix", [5, 3], GgmlType.F16),
        ("bf16.matrix", [4, 2], GgmlType.BF16),
        ("q8_0", [64, 2], GgmlType.Q8_0),
        ("q4_0", [32], GgmlType.Q4_0),
        ("q4_k", [256, 2], GgmlType.Q4_K),
        ("q6_k.3d", [256, 1, 2], GgmlType.Q6_K),
        ("i32.4d", [1, 2, 3, 4], GgmlType.I32),
    ];

    [Theory]
    [InlineData(null)]
    [InlineData(1u)]
    [InlineData(8u)]
    [InlineData(64u)]
    public void Every_value_type_and_tensor_round_trips_byte_identically(uint? alignment)
    {
        var metadata = GgufTestFiles.EveryValueType();
        if (alignment is { } a)
        {
            metadata.Add(GgufMetadata.AlignmentKey, GgufValue.Of(a));
        }

        var bytes = GgufTestFiles.Write(metadata, SeveralTensors);

        using var reader = new GgufReader(new MemoryStream(bytes));
        var file = reader.File;
        Assert.Equal(3u, file.Version);
        Assert.Equal(alignment ?? 32u, file.Alignment);
        Assert.Equal(0, file.DataOffset % file.Alignment);
        Assert.Equal(metadata.Keys, file.Metadata.Keys);
        foreach (var (key, value) in metadata)
        {
            Assert.Equal(value, file.Metadata[key]);
        }

        Assert.Equal(SeveralTensors.Length, file.Tensors.Count);
        for (var i = 0; i < SeveralTensors.Length; i++)
        {
            var (name, dimensions, type) = SeveralTensors[i];
            var tensor = file.Tensors[i];
            Assert.Equal(name, tensor.Name);
            Assert.Equal(dimensions, tensor.Dimensions);
            Assert.Equal(type, tensor.Type);
            Assert.Equal(0ul, tensor.Offset % file.Alignment);
            Assert.Equal(GgufTestFiles.TensorBytes(tensor, 1), reader.ReadTensorBytes(tensor));
        }

        Assert.Equal(bytes, GgufTestFiles.Rewrite(new MemoryStream(bytes)));
    }

    [Fact]
    public void Typed_accessors_read_the_values()
    {
        var bytes = GgufTestFiles.Write(GgufTestFiles.EveryValueType(), []);
        var file = new GgufReader(new MemoryStream(bytes)).File;

        Assert.Equal("héllo, 世界 🙂", file.Metadata.GetString("t.string"));
        Assert.Equal(4_000_000_000L, file.Metadata.GetInt64("t.uint32"));
        Assert.Equal(ulong.MaxValue, file.Metadata.GetUInt64("t.uint64"));
        Assert.Equal(-100, file.Metadata.GetInt32("t.int8"));
        Assert.Equal(3.25, file.Metadata.GetDouble("t.float32"));
        Assert.True(file.Metadata.GetBool("t.bool.true"));
        Assert.Equal(["a", string.Empty, "Ġworld", "<0x0A>"], file.Metadata.GetArray("a.string").AsStrings());
        var nested = file.Metadata.GetArray("a.nested").AsArrays();
        Assert.Equal(4, nested.Length);
        Assert.Equal([1, 2, 3], nested[1].AsInt32s());
        Assert.Equal(GgufValueType.Array, nested[2].ElementType);
        Assert.Equal([1.5f], nested[3].AsArrays()[0].AsFloats());
        Assert.Throws<InvalidDataException>(() => file.Metadata.GetString("t.uint8"));
        Assert.Throws<InvalidDataException>(() => file.Metadata.GetInt32("t.uint32"));
        Assert.Throws<KeyNotFoundException>(() => file.Metadata.GetString("missing"));
    }

    [Fact]
    public void File_without_tensors_ends_after_its_metadata()
    {
        var metadata = new GgufMetadata();
        metadata.Add("k", GgufValue.Of("v"));
        var bytes = GgufTestFiles.Write(metadata, []);

        // magic, version, tensor count, kv count, key (8 + 1), type, value (8 + 1)
        Assert.Equal(4 + 4 + 8 + 8 + 9 + 4 + 9, bytes.Length);
        Assert.Empty(new GgufReader(new MemoryStream(bytes)).File.Tensors);
    }

    [Fact]
    public void Metadata_keeps_insertion_order_and_replaces_in_place()
    {
        var m = new GgufMetadata();
        m.Add("b", GgufValue.Of(1));
        m.Add("a", GgufValue.Of(2));
        m.Set("c", GgufValue.Of(3));
        m.Set("b", GgufValue.Of(4));

        Assert.Equal(["b", "a", "c"], m.Keys);
        Assert.Equal(4, m.GetInt32("b"));
        Assert.Throws<ArgumentException>(() => m.Add("a", GgufValue.Of(5)));
    }

    [Fact]
    public void Writer_streams_tensor_data_in_chunks()
    {
        using var stream = new MemoryStream();
        using (var writer = new GgufWriter(stream, new GgufMetadata(), leaveOpen: true))
        {
            writer.AddTensor("a", [10], GgmlType.F32);
            writer.AddTensor("b", [3], GgmlType.F32);
            writer.WriteHeader();
            var values = Enumerable.Range(0, 13).Select(i => (float)i).ToArray();
            writer.WriteTensorData<float>(values.AsSpan(0, 4));
            writer.WriteTensorData<float>(values.AsSpan(4, 8)); // crosses from "a" into "b"
            writer.WriteTensorData<float>(values.AsSpan(12));
            writer.Finish();
        }

        stream.Position = 0;
        using var reader = new GgufReader(stream);
        var b = reader.File.FindTensor("b")!;
        Assert.Equal(64ul, b.Offset);
        Assert.Equal([10f, 11f, 12f], System.Runtime.InteropServices.MemoryMarshal.Cast<byte, float>(reader.ReadTensorBytes(b)).ToArray());
    }

    [Fact]
    public void Writer_refuses_misuse()
    {
        using var stream = new MemoryStream();
        using var writer = new GgufWriter(stream, new GgufMetadata(), leaveOpen: true);
        writer.AddTensor("a", [32], GgmlType.Q8_0);
        Assert.Throws<ArgumentException>(() => writer.AddTensor("a", [32], GgmlType.F32));
        Assert.Throws<ArgumentException>(() => writer.AddTensor("bad.rows", [33], GgmlType.Q8_0));
        Assert.Throws<ArgumentException>(() => writer.AddTensor("bad.rows.2d", [16, 2], GgmlType.Q8_0));
        Assert.Throws<ArgumentException>(() => writer.AddTensor("unknown.type", [16], (GgmlType)99));
        Assert.Throws<InvalidOperationException>(() => writer.WriteTensorData(new byte[1]));
        writer.WriteHeader();
        Assert.Throws<InvalidOperationException>(() => writer.AddTensor("late", [1], GgmlType.F32));
        Assert.Throws<InvalidOperationException>(() => writer.WriteTensor("other", new byte[34]));
        Assert.Throws<ArgumentException>(() => writer.WriteTensor("a", new byte[33]));
        Assert.Throws<InvalidOperationException>(writer.Finish);
        writer.WriteTensor("a", new byte[34]);
        Assert.Throws<InvalidOperationException>(() => writer.WriteTensorData(new byte[1]));
        writer.Finish();
    }

    [Theory]
    [InlineData(GgmlType.F32, 1, 4)]
    [InlineData(GgmlType.F16, 1, 2)]
    [InlineData(GgmlType.BF16, 1, 2)]
    [InlineData(GgmlType.Q4_0, 32, 18)]
    [InlineData(GgmlType.Q4_1, 32, 20)]
    [InlineData(GgmlType.Q5_0, 32, 22)]
    [InlineData(GgmlType.Q5_1, 32, 24)]
    [InlineData(GgmlType.Q8_0, 32, 34)]
    [InlineData(GgmlType.Q2_K, 256, 84)]
    [InlineData(GgmlType.Q3_K, 256, 110)]
    [InlineData(GgmlType.Q4_K, 256, 144)]
    [InlineData(GgmlType.Q5_K, 256, 176)]
    [InlineData(GgmlType.Q6_K, 256, 210)]
    [InlineData(GgmlType.Q8_K, 256, 292)]
    [InlineData(GgmlType.I8, 1, 1)]
    [InlineData(GgmlType.I64, 1, 8)]
    [InlineData(GgmlType.F64, 1, 8)]
    public void Ggml_type_layouts_match_ggml(GgmlType type, int blockSize, int typeSize)
    {
        Assert.Equal(blockSize, type.BlockSize());
        Assert.Equal(typeSize, type.TypeSize());
        Assert.Equal((ulong)typeSize * 4, type.ByteCount((ulong)blockSize * 4));
    }
}
