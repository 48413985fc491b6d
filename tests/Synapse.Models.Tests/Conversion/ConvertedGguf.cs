using System.Runtime.InteropServices;
using Synapse.Models.Gguf;

namespace Synapse.Models.Tests.Conversion;

/// <summary>Reads back a converted GGUF: metadata, tensor infos and tensor values as floats.</summary>
internal sealed class ConvertedGguf : IDisposable
{
    private readonly GgufReader _reader;

    public ConvertedGguf(string path) => _reader = GgufReader.Open(path);

    public GgufMetadata Metadata => _reader.File.Metadata;

    public IReadOnlyList<string> TensorNames => _reader.File.Tensors.Select(t => t.Name).ToArray();

    public GgufTensorInfo Info(string name) => _reader.File.FindTensor(name) ?? throw new Xunit.Sdk.XunitException($"No tensor '{name}' in the GGUF; it has {string.Join(", ", TensorNames)}.");

    public float[] Values(string name)
    {
        var info = Info(name);
        var bytes = _reader.ReadTensorBytes(info);
        return info.Type switch
        {
            GgmlType.F32 => MemoryMarshal.Cast<byte, float>(bytes).ToArray(),
            GgmlType.F16 => MemoryMarshal.Cast<byte, Half>(bytes).ToArray().Select(h => (float)h).ToArray(),
            GgmlType.BF16 => MemoryMarshal.Cast<byte, ushort>(bytes).ToArray().Select(b => BitConverter.UInt32BitsToSingle((uint)b << 16)).ToArray(),
            _ => throw new NotSupportedException(info.Type.ToString()),
        };
    }

    public void Dispose() => _reader.Dispose();
}
