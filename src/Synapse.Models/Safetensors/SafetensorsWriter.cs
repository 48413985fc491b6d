using System.Buffers.Binary;
using System.Text;
using System.Text.Json;

namespace Synapse.Models.Safetensors;

/// <summary>
/// Writes a safetensors file in one pass: the header (tensors laid out in the order given, header padded with
/// spaces to 8 bytes as the reference writer does) goes out at construction, then each tensor's bytes in order,
/// in as many chunks as wanted. Used to build test and benchmark checkpoints.
/// </summary>
public sealed class SafetensorsWriter : IDisposable
{
    private readonly Stream _stream;
    private readonly IReadOnlyList<SafetensorsTensorSpec> _tensors;
    private int _current;
    private long _written;

    public SafetensorsWriter(Stream stream, IReadOnlyList<SafetensorsTensorSpec> tensors, IReadOnlyDictionary<string, string>? metadata = null)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(tensors);
        if (tensors.Select(t => t.Name).Distinct(StringComparer.Ordinal).Count() != tensors.Count)
        {
            throw new ArgumentException("Tensor names must be unique.", nameof(tensors));
        }

        _stream = stream;
        _tensors = tensors;
        var header = Header(tensors, metadata);
        Span<byte> length = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(length, (ulong)header.Length);
        _stream.Write(length);
        _stream.Write(header);
        SkipEmpty();
    }

    public static SafetensorsWriter Create(string path, IReadOnlyList<SafetensorsTensorSpec> tensors, IReadOnlyDictionary<string, string>? metadata = null) =>
        new(new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 20), tensors, metadata);

    /// <summary>Appends bytes to the current tensor, moving on to the next once it is complete.</summary>
    public void Write(ReadOnlySpan<byte> data)
    {
        while (!data.IsEmpty)
        {
            if (_current >= _tensors.Count)
            {
                throw new InvalidOperationException("More data than the declared tensors hold.");
            }

            var n = (int)Math.Min(data.Length, _tensors[_current].ByteLength - _written);
            _stream.Write(data[..n]);
            data = data[n..];
            _written += n;
            SkipEmpty();
        }
    }

    /// <summary>Checks that every tensor was written and flushes.</summary>
    public void Finish()
    {
        if (_current < _tensors.Count)
        {
            throw new InvalidOperationException($"Tensor '{_tensors[_current].Name}' and those after it were not written.");
        }

        _stream.Flush();
    }

    public void Dispose() => _stream.Dispose();

    private void SkipEmpty()
    {
        while (_current < _tensors.Count && _written == _tensors[_current].ByteLength)
        {
            _current++;
            _written = 0;
        }
    }

    private static byte[] Header(IReadOnlyList<SafetensorsTensorSpec> tensors, IReadOnlyDictionary<string, string>? metadata)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            if (metadata is not null)
            {
                json.WriteStartObject("__metadata__");
                foreach (var (key, value) in metadata)
                {
                    json.WriteString(key, value);
                }

                json.WriteEndObject();
            }

            long offset = 0;
            foreach (var tensor in tensors)
            {
                json.WriteStartObject(tensor.Name);
                json.WriteString("dtype", tensor.DType.ToString());
                json.WriteStartArray("shape");
                foreach (var d in tensor.Shape)
                {
                    json.WriteNumberValue(d);
                }

                json.WriteEndArray();
                json.WriteStartArray("data_offsets");
                json.WriteNumberValue(offset);
                offset += tensor.ByteLength;
                json.WriteNumberValue(offset);
                json.WriteEndArray();
                json.WriteEndObject();
            }

            json.WriteEndObject();
        }

        var padding = (8 - (int)(buffer.Length % 8)) % 8;
        buffer.Write(Encoding.ASCII.GetBytes(new string(' ', padding)));
        return buffer.ToArray();
    }
}
