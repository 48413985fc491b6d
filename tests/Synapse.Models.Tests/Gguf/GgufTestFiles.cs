using Synapse.Models.Gguf;

namespace Synapse.Models.Tests.Gguf;

/// <summary>Builds GGUF files in memory for the reader/writer tests.</summary>
internal static class GgufTestFiles
{
    public static GgufMetadata EveryValueType()
    {
        var m = new GgufMetadata();
        m.Add("general.architecture", GgufValue.Of("llama"));
        m.Add("t.uint8", GgufValue.Of((byte)200));
        m.Add("t.int8", GgufValue.Of((sbyte)-100));
        m.Add("t.uint16", GgufValue.Of((ushort)60000));
        m.Add("t.int16", GgufValue.Of((short)-30000));
        m.Add("t.uint32", GgufValue.Of(4_000_000_000u));
        m.Add("t.int32", GgufValue.Of(-2_000_000_000));
        m.Add("t.float32", GgufValue.Of(3.25f));
        m.Add("t.bool.true", GgufValue.Of(true));
        m.Add("t.bool.false", GgufValue.Of(false));
        m.Add("t.string", GgufValue.Of("héllo, 世界 🙂"));
        m.Add("t.string.empty", GgufValue.Of(string.Empty));
        m.Add("t.uint64", GgufValue.Of(ulong.MaxValue));
        m.Add("t.int64", GgufValue.Of(long.MinValue));
        m.Add("t.float64", GgufValue.Of(Math.PI));
        m.Add("t.float32.nan", GgufValue.Of(float.NaN));
        m.Add("a.uint8", GgufValue.Of(GgufArray.Of(new byte[] { 0, 1, 255 })));
        m.Add("a.int8", GgufValue.Of(GgufArray.Of(new sbyte[] { -128, 0, 127 })));
        m.Add("a.uint16", GgufValue.Of(GgufArray.Of(new ushort[] { 0, 65535 })));
        m.Add("a.int16", GgufValue.Of(GgufArray.Of(new short[] { -1, 1 })));
        m.Add("a.uint32", GgufValue.Of(GgufArray.Of(new uint[] { 1, 2, 3 })));
        m.Add("a.int32", GgufValue.Of(new[] { -1, 0, 1 }));
        m.Add("a.float32", GgufValue.Of(new[] { -1.5f, 0f, float.PositiveInfinity }));
        m.Add("a.bool", GgufValue.Of(GgufArray.Of(new[] { true, false, true })));
        m.Add("a.string", GgufValue.Of(new[] { "a", string.Empty, "Ġworld", "<0x0A>" }));
        m.Add("a.uint64", GgufValue.Of(GgufArray.Of(new ulong[] { 0, ulong.MaxValue })));
        m.Add("a.int64", GgufValue.Of(GgufArray.Of(new long[] { long.MinValue, long.MaxValue })));
        m.Add("a.float64", GgufValue.Of(GgufArray.Of(new[] { double.Epsilon, -0.0 })));
        m.Add("a.empty", GgufValue.Of(GgufArray.Of(Array.Empty<int>())));
        m.Add("a.nested", GgufValue.Of(GgufArray.Of(new[]
        {
            GgufArray.Of(new[] { "x", "y" }),
            GgufArray.Of(new[] { 1, 2, 3 }),
            GgufArray.Of(Array.Empty<GgufArray>()),
            GgufArray.Of(new[] { GgufArray.Of(new[] { 1.5f }), GgufArray.Of(new[] { true }) }),
        })));
        return m;
    }

    public static byte[] Write(GgufMetadata metadata, IReadOnlyList<(string Name, ulong[] Dimensions, GgmlType Type)> tensors, int seed = 1)
    {
        using var stream = new MemoryStream();
        using (var writer = new GgufWriter(stream, metadata, leaveOpen: true))
        {
            foreach (var (name, dimensions, type) in tensors)
            {
                writer.AddTensor(name, dimensions, type);
            }

            writer.WriteHeader();
            foreach (var tensor in writer.Tensors)
            {
                writer.WriteTensor(tensor.Name, TensorBytes(tensor, seed));
            }

            writer.Finish();
        }

        return stream.ToArray();
    }

    public static byte[] TensorBytes(GgufTensorInfo tensor, int seed)
    {
        var data = new byte[tensor.ByteCount];
        new Random(HashCode.Combine(seed, tensor.Name.Length, tensor.ElementCount)).NextBytes(data);
        return data;
    }

    /// <summary>Reads a file and writes it again with <see cref="GgufWriter"/>, copying the tensor data.</summary>
    public static byte[] Rewrite(Stream source)
    {
        using var reader = new GgufReader(source, leaveOpen: true);
        using var output = new MemoryStream();
        using (var writer = new GgufWriter(output, reader.File.Metadata, leaveOpen: true))
        {
            foreach (var tensor in reader.File.Tensors)
            {
                var declared = writer.AddTensor(tensor.Name, tensor.Dimensions, tensor.Type);
                Assert.Equal(tensor.Offset, declared.Offset);
            }

            writer.WriteHeader();
            foreach (var tensor in reader.File.Tensors)
            {
                writer.WriteTensor(tensor.Name, reader.ReadTensorBytes(tensor));
            }

            writer.Finish();
        }

        return output.ToArray();
    }
}
