using Synapse.Models.Safetensors;

namespace Synapse.Models.Tests.Safetensors;

/// <summary>Truncated or lying files are an <see cref="InvalidDataException"/> naming the problem, never a crash.</summary>
public sealed class SafetensorsCorruptionTests : IDisposable
{
    private const string OneTensor = """{"w":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}}""";
    private readonly SafetensorsTestFiles _files = new();

    [Fact]
    public void A_file_shorter_than_the_length_prefix_is_refused()
    {
        var path = _files.Path("short.safetensors");
        File.WriteAllBytes(path, [1, 2, 3]);
        AssertInvalid(path, "too short");
    }

    [Theory]
    [InlineData(0UL, "outside")]
    [InlineData(1UL, "outside")]
    [InlineData(200_000_000UL, "outside")]
    [InlineData(ulong.MaxValue, "outside")]
    [InlineData(4096UL, "past the end")]
    public void A_header_length_out_of_bounds_is_refused(ulong declared, string reason) =>
        AssertInvalid(_files.WriteRaw($"len{declared}.safetensors", OneTensor, new byte[8], declared), reason);

    [Theory]
    [InlineData("not json at all", "not valid JSON")]
    [InlineData("[1, 2]", "not a JSON object")]
    [InlineData("""{"w":{"dtype":"F33","shape":[2],"data_offsets":[0,8]}}""", "unknown dtype")]
    [InlineData("""{"w":{"dtype":"f32","shape":[2],"data_offsets":[0,8]}}""", "unknown dtype")]
    [InlineData("""{"w":{"dtype":"F32","shape":[-2],"data_offsets":[0,8]}}""", "non-negative")]
    [InlineData("""{"w":{"dtype":"F32","shape":[2.5],"data_offsets":[0,8]}}""", "non-negative")]
    [InlineData("""{"w":{"dtype":"F32","data_offsets":[0,8]}}""", "no shape")]
    [InlineData("""{"w":{"dtype":"F32","shape":[2]}}""", "data_offsets")]
    [InlineData("""{"w":{"dtype":"F32","shape":[2],"data_offsets":[0,16]}}""", "outside")]
    [InlineData("""{"w":{"dtype":"F32","shape":[2],"data_offsets":[8,4]}}""", "outside")]
    [InlineData("""{"w":{"dtype":"F32","shape":[3],"data_offsets":[0,8]}}""", "needs 12 bytes")]
    [InlineData("""{"w":{"dtype":"F32","shape":[4611686018427387904, 4],"data_offsets":[0,8]}}""", "too large")]
    [InlineData("""{"w":{"dtype":"F32","shape":[1],"data_offsets":[0,4]},"v":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}}""", "overlaps")]
    [InlineData("""{"w":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}}""", "gap")]
    [InlineData("""{"w":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}}""", "cover 4 data bytes")]
    [InlineData("""{"w":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},"w":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}}""", "twice")]
    [InlineData("""{"__metadata__":{"format":1},"w":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}}""", "not a string")]
    [InlineData("""{"w":{"dtype":"F32","shape":[2],"data_offsets":[0,8],"extra":1}}""", "unexpected field")]
    [InlineData("""{"w":[1,2]}""", "not an object")]
    public void A_lying_header_is_refused(string header, string reason) =>
        AssertInvalid(_files.WriteRaw($"h{Math.Abs(header.GetHashCode())}.safetensors", header, new byte[8]), reason);

    [Fact]
    public void A_truncated_data_section_is_refused()
    {
        var path = _files.Write("whole.safetensors", ("w", SafetensorsDType.F32, [64], new byte[256]));
        var bytes = File.ReadAllBytes(path);
        File.WriteAllBytes(path, bytes[..^10]);
        AssertInvalid(path, "outside");
    }

    private static void AssertInvalid(string path, string reason)
    {
        var error = Assert.Throws<InvalidDataException>(() => SafetensorsFile.Open(path).Dispose());
        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
        Assert.Contains(Path.GetFileName(path), error.Message, StringComparison.Ordinal);
    }

    public void Dispose() => _files.Dispose();
}
