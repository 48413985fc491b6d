using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Text;

namespace Synapse.Models.Gguf;

/// <summary>
/// Writes a GGUF v3 file in one pass, streaming tensor data: declare the tensors with <see cref="AddTensor"/>,
/// call <see cref="WriteHeader"/> (header, metadata, tensor infos), then write each tensor's bytes in declaration
/// order with <see cref="WriteTensorData"/> (in as many chunks as wanted), then <see cref="Finish"/>.
/// The data section and every tensor are padded with zeros to the alignment (<c>general.alignment</c> or 32),
/// as gguf-py and ggml do; a file without tensors ends right after its metadata, as gguf-py writes vocab files.
/// </summary>
public sealed class GgufWriter : IDisposable, IAsyncDisposable
{
    public const uint Version = 3;

    private static readonly byte[] Zeros = new byte[256];

    private readonly Stream _stream;
    private readonly Stream _output;
    private readonly bool _leaveOpen;
    private readonly GgufMetadata _metadata;
    private readonly uint _alignment;
    private readonly List<GgufTensorInfo> _tensors = [];
    private readonly byte[] _scratch = new byte[8];
    private ulong _nextOffset;
    private bool _headerWritten;
    private bool _finished;
    private int _currentTensor;
    private ulong _currentWritten;
    private long _headerBytes;

    public GgufWriter(Stream stream, GgufMetadata metadata, bool leaveOpen = false)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(metadata);
        if (!stream.CanWrite)
        {
            throw new ArgumentException("GGUF writing needs a writable stream.", nameof(stream));
        }

        if (!BitConverter.IsLittleEndian)
        {
            throw new PlatformNotSupportedException("GGUF writing needs a little-endian machine.");
        }

        _stream = stream;
        _leaveOpen = leaveOpen;
        _metadata = metadata;
        _alignment = metadata.Alignment;
        _output = new BufferedStream(stream, 1 << 20);
    }

    /// <summary>The tensors declared so far, with the offsets they get in the data section.</summary>
    public IReadOnlyList<GgufTensorInfo> Tensors => _tensors;

    public uint Alignment => _alignment;

    /// <summary>Creates (or overwrites) a file and a writer that owns it.</summary>
    public static GgufWriter Create(string path, GgufMetadata metadata)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var stream = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, bufferSize: 0);
        return new GgufWriter(stream, metadata, leaveOpen: false);
    }

    /// <summary>Declares the next tensor (dimensions innermost-first); its data must then come in this order.</summary>
    public GgufTensorInfo AddTensor(string name, IReadOnlyList<ulong> dimensions, GgmlType type)
    {
        if (_headerWritten)
        {
            throw new InvalidOperationException("Tensors must be declared before the header is written.");
        }

        if (_tensors.Any(t => t.Name == name))
        {
            throw new ArgumentException($"Tensor '{name}' is declared twice.", nameof(name));
        }

        if (dimensions.Count is 0 or > GgufReader.MaxDimensions)
        {
            throw new ArgumentException($"Tensor '{name}' needs 1 to {GgufReader.MaxDimensions} dimensions.", nameof(dimensions));
        }

        if (!type.IsKnown() || dimensions[0] % (ulong)type.BlockSize() != 0)
        {
            throw new ArgumentException(
                $"Tensor '{name}': rows of {dimensions[0]} elements are not whole blocks of {type}.", nameof(dimensions));
        }

        var info = new GgufTensorInfo(name, dimensions, type, _nextOffset);
        _nextOffset = AlignUp(_nextOffset + info.ByteCount, _alignment);
        _tensors.Add(info);
        return info;
    }

    /// <summary>Writes the header, the metadata and the tensor infos, then pads to the data section.</summary>
    public void WriteHeader()
    {
        if (_headerWritten)
        {
            throw new InvalidOperationException("The header is already written.");
        }

        _headerWritten = true;
        WriteUInt32(GgufReader.Magic);
        WriteUInt32(Version);
        WriteUInt64((ulong)_tensors.Count);
        WriteUInt64((ulong)_metadata.Count);
        foreach (var (key, value) in _metadata)
        {
            WriteString(key);
            WriteUInt32((uint)value.Type);
            WriteValue(value);
        }

        foreach (var tensor in _tensors)
        {
            WriteString(tensor.Name);
            WriteUInt32((uint)tensor.Dimensions.Count);
            foreach (var d in tensor.Dimensions)
            {
                WriteUInt64(d);
            }

            WriteUInt32((uint)tensor.Type);
            WriteUInt64(tensor.Offset);
        }

        if (_tensors.Count > 0)
        {
            WritePadding(_headerBytes);
        }

        SkipFinishedTensors();
    }

    /// <summary>Appends bytes to the current tensor's data, moving on to the next tensor when one is complete.</summary>
    public void WriteTensorData(ReadOnlySpan<byte> data)
    {
        while (!data.IsEmpty)
        {
            var tensor = CurrentTensor();
            var n = (int)Math.Min((ulong)data.Length, tensor.ByteCount - _currentWritten);
            _output.Write(data[..n]);
            data = data[n..];
            _currentWritten += (ulong)n;
            SkipFinishedTensors();
        }
    }

    /// <summary>Appends values (floats, halves, ...) to the current tensor's data.</summary>
    public void WriteTensorData<T>(ReadOnlySpan<T> values)
        where T : unmanaged => WriteTensorData(MemoryMarshal.AsBytes(values));

    /// <summary>Writes one whole tensor, checking that it is the one due next.</summary>
    public void WriteTensor(string name, ReadOnlySpan<byte> data)
    {
        var tensor = CurrentTensor();
        if (tensor.Name != name || _currentWritten != 0)
        {
            throw new InvalidOperationException($"Tensor '{tensor.Name}' is due next, not '{name}'.");
        }

        if ((ulong)data.Length != tensor.ByteCount)
        {
            throw new ArgumentException($"Tensor '{name}' takes {tensor.ByteCount} bytes, got {data.Length}.", nameof(data));
        }

        WriteTensorData(data);
    }

    /// <summary>Checks that every tensor's data was written and flushes.</summary>
    public void Finish()
    {
        if (!_headerWritten)
        {
            WriteHeader();
        }

        if (_currentTensor < _tensors.Count)
        {
            throw new InvalidOperationException($"Tensor '{_tensors[_currentTensor].Name}' and those after it were not written.");
        }

        _output.Flush();
        _stream.Flush();
        _finished = true;
    }

    public void Dispose()
    {
        if (_finished)
        {
            _output.Flush();
        }

        if (!_leaveOpen)
        {
            _stream.Dispose();
        }
    }

    public ValueTask DisposeAsync()
    {
        Dispose();
        return ValueTask.CompletedTask;
    }

    private GgufTensorInfo CurrentTensor()
    {
        if (!_headerWritten)
        {
            throw new InvalidOperationException("Write the header before tensor data.");
        }

        return _currentTensor < _tensors.Count
            ? _tensors[_currentTensor]
            : throw new InvalidOperationException("All declared tensors are already written.");
    }

    private void SkipFinishedTensors()
    {
        while (_currentTensor < _tensors.Count && _currentWritten == _tensors[_currentTensor].ByteCount)
        {
            WritePadding((long)_currentWritten);
            _currentTensor++;
            _currentWritten = 0;
        }
    }

    private void WritePadding(long written)
    {
        var pad = (int)((_alignment - (ulong)written % _alignment) % _alignment);
        while (pad > 0)
        {
            var n = Math.Min(pad, Zeros.Length);
            _output.Write(Zeros, 0, n);
            pad -= n;
        }
    }

    private void WriteValue(GgufValue value)
    {
        switch (value.Value)
        {
            case byte v: Write([v]); break;
            case sbyte v: Write([(byte)v]); break;
            case ushort v: BinaryPrimitives.WriteUInt16LittleEndian(_scratch, v); Write(_scratch.AsSpan(0, 2)); break;
            case short v: BinaryPrimitives.WriteInt16LittleEndian(_scratch, v); Write(_scratch.AsSpan(0, 2)); break;
            case uint v: WriteUInt32(v); break;
            case int v: BinaryPrimitives.WriteInt32LittleEndian(_scratch, v); Write(_scratch.AsSpan(0, 4)); break;
            case float v: BinaryPrimitives.WriteSingleLittleEndian(_scratch, v); Write(_scratch.AsSpan(0, 4)); break;
            case bool v: Write([v ? (byte)1 : (byte)0]); break;
            case string v: WriteString(v); break;
            case ulong v: WriteUInt64(v); break;
            case long v: BinaryPrimitives.WriteInt64LittleEndian(_scratch, v); Write(_scratch.AsSpan(0, 8)); break;
            case double v: BinaryPrimitives.WriteDoubleLittleEndian(_scratch, v); Write(_scratch.AsSpan(0, 8)); break;
            case GgufArray v: WriteArray(v); break;
            default: throw new InvalidOperationException($"Cannot write a GGUF value of .NET type {value.Value.GetType()}.");
        }
    }

    private void WriteArray(GgufArray array)
    {
        WriteUInt32((uint)array.ElementType);
        WriteUInt64((ulong)array.Count);
        switch (array.Items)
        {
            case string[] strings:
                foreach (var s in strings)
                {
                    WriteString(s);
                }

                break;
            case bool[] bools:
                foreach (var b in bools)
                {
                    Write([b ? (byte)1 : (byte)0]);
                }

                break;
            case GgufArray[] arrays:
                foreach (var inner in arrays)
                {
                    WriteArray(inner);
                }

                break;
            case byte[] a: Write(a); break;
            case sbyte[] a: Write(MemoryMarshal.AsBytes(a.AsSpan())); break;
            case ushort[] a: Write(MemoryMarshal.AsBytes(a.AsSpan())); break;
            case short[] a: Write(MemoryMarshal.AsBytes(a.AsSpan())); break;
            case uint[] a: Write(MemoryMarshal.AsBytes(a.AsSpan())); break;
            case int[] a: Write(MemoryMarshal.AsBytes(a.AsSpan())); break;
            case float[] a: Write(MemoryMarshal.AsBytes(a.AsSpan())); break;
            case ulong[] a: Write(MemoryMarshal.AsBytes(a.AsSpan())); break;
            case long[] a: Write(MemoryMarshal.AsBytes(a.AsSpan())); break;
            case double[] a: Write(MemoryMarshal.AsBytes(a.AsSpan())); break;
            default: throw new InvalidOperationException($"Cannot write a GGUF array of {array.Items.GetType()}.");
        }
    }

    private void WriteString(string value)
    {
        var length = Encoding.UTF8.GetByteCount(value);
        WriteUInt64((ulong)length);
        if (length <= 256)
        {
            Span<byte> small = stackalloc byte[length];
            Encoding.UTF8.GetBytes(value, small);
            Write(small);
        }
        else
        {
            Write(Encoding.UTF8.GetBytes(value));
        }
    }

    private void WriteUInt32(uint value)
    {
        BinaryPrimitives.WriteUInt32LittleEndian(_scratch, value);
        Write(_scratch.AsSpan(0, 4));
    }

    private void WriteUInt64(ulong value)
    {
        BinaryPrimitives.WriteUInt64LittleEndian(_scratch, value);
        Write(_scratch.AsSpan(0, 8));
    }

    private void Write(ReadOnlySpan<byte> bytes)
    {
        _output.Write(bytes);
        _headerBytes += bytes.Length;
    }

    private static ulong AlignUp(ulong value, uint alignment) => (value + alignment - 1) / alignment * alignment;
}
