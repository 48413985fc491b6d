using System.Runtime.InteropServices;
using Synapse.Models.Safetensors;

namespace Synapse.Models.Tests.Safetensors;

public sealed class SafetensorsFileTests : IDisposable
{
    private readonly SafetensorsTestFiles _files = new();

    [Fact]
    public void Reads_back_every_dtype_with_its_shape_and_bytes()
    {
        var f32 = SafetensorsTestFiles.Floats(1.5f, -2f, 3.25f, 0f, 7f, 8f);
        var f16 = MemoryMarshal.AsBytes(new[] { (Half)1.5f, (Half)(-0.25f) }.AsSpan()).ToArray();
        var bf16 = new byte[] { 0xC0, 0x3F, 0x80, 0xBF }; // 1.5, -1.0
        var f64 = MemoryMarshal.AsBytes(new[] { Math.PI }.AsSpan()).ToArray();
        var i64 = MemoryMarshal.AsBytes(new[] { long.MaxValue, -1L }.AsSpan()).ToArray();
        var i32 = MemoryMarshal.AsBytes(new[] { 42, -42, 7 }.AsSpan()).ToArray();
        var path = _files.Write("all.safetensors",
            ("a.f32", SafetensorsDType.F32, [2, 3], f32),
            ("b.f16", SafetensorsDType.F16, [2], f16),
            ("c.bf16", SafetensorsDType.BF16, [1, 2], bf16),
            ("d.f64", SafetensorsDType.F64, [], f64),
            ("e.i64", SafetensorsDType.I64, [2], i64),
            ("f.i32", SafetensorsDType.I32, [3], i32),
            ("g.u8", SafetensorsDType.U8, [3], [1, 2, 3]),
            ("h.bool", SafetensorsDType.BOOL, [2], [1, 0]),
            ("i.empty", SafetensorsDType.F32, [0, 4], []));

        using var file = SafetensorsFile.Open(path);

        Assert.Equal(9, file.Tensors.Count);
        Assert.True(file.TryGetTensor("a.f32", out var a));
        Assert.Equal([2L, 3L], a.Shape);
        Assert.Equal(3, a.RowLength);
        Assert.Equal(2, a.RowCount);
        AssertBytes(file, "a.f32", f32);
        AssertBytes(file, "b.f16", f16);
        AssertBytes(file, "c.bf16", bf16);
        AssertBytes(file, "d.f64", f64);
        AssertBytes(file, "e.i64", i64);
        AssertBytes(file, "f.i32", i32);
        AssertBytes(file, "g.u8", [1, 2, 3]);
        AssertBytes(file, "h.bool", [1, 0]);
        AssertBytes(file, "i.empty", []);
        Assert.True(file.TryGetTensor("d.f64", out var scalar));
        Assert.Empty(scalar.Shape);
        Assert.Equal(1, scalar.ElementCount);
    }

    [Fact]
    public void Maps_part_of_a_tensor_and_refuses_ranges_outside_it()
    {
        var path = _files.Write("part.safetensors", ("w", SafetensorsDType.F32, [4], SafetensorsTestFiles.Floats(1, 2, 3, 4)));
        using var file = SafetensorsFile.Open(path);
        var tensor = file.Tensors[0];

        using (var view = file.Map(tensor, 8, 8))
        {
            Assert.Equal([3f, 4f], MemoryMarshal.Cast<byte, float>(view.Span).ToArray());
        }

        Assert.Throws<ArgumentOutOfRangeException>(() => file.Map(tensor, 8, 12));
        Assert.Throws<ArgumentOutOfRangeException>(() => file.Map(tensor, -4, 4));
    }

    [Fact]
    public void Keeps_the_metadata_strings()
    {
        var path = _files.WriteRaw("meta.safetensors",
            """{"__metadata__":{"format":"pt"},"w":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}}""",
            SafetensorsTestFiles.Floats(1));
        using var file = SafetensorsFile.Open(path);
        Assert.Equal("pt", file.Metadata["format"]);
    }

    private static void AssertBytes(SafetensorsFile file, string name, byte[] expected)
    {
        Assert.True(file.TryGetTensor(name, out var tensor));
        using var view = file.Map(tensor, 0, (int)tensor.ByteLength);
        Assert.Equal(expected, view.Span.ToArray());
    }

    public void Dispose() => _files.Dispose();
}
