using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Text;
using Synapse.Models.Safetensors;

namespace Synapse.Models.Tests.Safetensors;

/// <summary>Temporary safetensors files: well-formed ones through the writer, hand-made raw ones for corruption tests.</summary>
internal sealed class SafetensorsTestFiles : IDisposable
{
    public string Directory { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "synapse-st-" + Guid.NewGuid().ToString("N"));

    public SafetensorsTestFiles() => System.IO.Directory.CreateDirectory(Directory);

    public string Path(string name) => System.IO.Path.Combine(Directory, name);

    /// <summary>Writes tensors given as (name, dtype, shape, raw bytes).</summary>
    public string Write(string name, params (string Name, SafetensorsDType DType, long[] Shape, byte[] Data)[] tensors)
    {
        var path = Path(name);
        using var writer = SafetensorsWriter.Create(path, tensors.Select(t => new SafetensorsTensorSpec(t.Name, t.DType, t.Shape)).ToList());
        foreach (var tensor in tensors)
        {
            writer.Write(tensor.Data);
        }

        writer.Finish();
        return path;
    }

    /// <summary>Writes an 8-byte length (the header's unless given), the header text and then the data bytes.</summary>
    public string WriteRaw(string name, string header, byte[] data, ulong? declaredLength = null)
    {
        var headerBytes = Encoding.UTF8.GetBytes(header);
        var bytes = new byte[8 + headerBytes.Length + data.Length];
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, declaredLength ?? (ulong)headerBytes.Length);
        headerBytes.CopyTo(bytes, 8);
        data.CopyTo(bytes, 8 + headerBytes.Length);
        var path = Path(name);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    public static byte[] Floats(params float[] values) => MemoryMarshal.AsBytes(values.AsSpan()).ToArray();

    public void Dispose()
    {
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
