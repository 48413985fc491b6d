using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Text;
using Microsoft.Win32.SafeHandles;

namespace Synapse.Models.Gguf;

/// <summary>
/// Reads a GGUF (v2/v3) file: header, metadata and tensor infos at construction, tensor data on demand.
/// Every count and length is checked against the bytes the file really has before anything is allocated, so a
/// truncated or hostile file gives an <see cref="InvalidDataException"/>, never a huge allocation or a wild read.
/// </summary>
public sealed class GgufReader : IDisposable
{
    /// <summary>"GGUF" read as a little-endian uint32.</summary>
    public const uint Magic = 0x46554747;

    public const uint MinSupportedVersion = 2;
    public const uint MaxSupportedVersion = 3;

    /// <summary>ggml tensors have at most four dimensions.</summary>
    public const int MaxDimensions = 4;

    /// <summary>Arrays of arrays deeper than this are refused (they would only serve to exhaust the stack).</summary>
    public const int MaxArrayNesting = 32;

    private const int InitialCapacityLimit = 1 << 16;

    private static readonly Encoding Utf8 = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: false);

    private readonly Stream _stream;
    private readonly bool _leaveOpen;
    private readonly SafeFileHandle? _handle;
    private readonly Lock _streamLock = new();
    private readonly long _start;
    private readonly long _length;
    private readonly byte[] _scratch = new byte[8];
    private Stream _input;
    private long _position;

    /// <summary>Parses the head of the GGUF file in <paramref name="stream"/>, which must be readable and seekable.</summary>
    public GgufReader(Stream stream, bool leaveOpen = false)
        : this(stream, leaveOpen, handle: null)
    {
    }

    private GgufReader(Stream stream, bool leaveOpen, SafeFileHandle? handle)
    {
        ArgumentNullException.ThrowIfNull(stream);
        if (!stream.CanRead || !stream.CanSeek)
        {
            throw new ArgumentException("GGUF reading needs a readable, seekable stream.", nameof(stream));
        }

        _stream = stream;
        _leaveOpen = leaveOpen;
        _handle = handle;
        _start = stream.Position;
        _length = stream.Length - _start;
        _input = new BufferedStream(stream, 1 << 16);
        try
        {
            File = ReadHead();
        }
        catch (EndOfStreamException ex)
        {
            Dispose();
            throw new InvalidDataException("GGUF file is truncated.", ex);
        }
        catch
        {
            Dispose();
            throw;
        }
        finally
        {
            _input = Stream.Null;
        }
    }

    /// <summary>The parsed header, metadata and tensor infos.</summary>
    public GgufFile File { get; }

    /// <summary>Total length of the GGUF data in the stream.</summary>
    public long Length => _length;

    /// <summary>Opens a GGUF file for reading; the reader owns the file handle.</summary>
    public static GgufReader Open(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 0, FileOptions.RandomAccess);
        return new GgufReader(stream, leaveOpen: false, stream.SafeFileHandle);
    }

    /// <summary>Reads the head (metadata and tensor infos) of a GGUF file and closes it.</summary>
    public static GgufFile ReadFile(string path)
    {
        using var reader = Open(path);
        return reader.File;
    }

    /// <summary>Copies <paramref name="destination"/>.Length bytes of a tensor's data, starting <paramref name="offsetInTensor"/> bytes in.</summary>
    public void ReadTensorData(GgufTensorInfo tensor, long offsetInTensor, Span<byte> destination)
    {
        ArgumentNullException.ThrowIfNull(tensor);
        if (offsetInTensor < 0 || (ulong)offsetInTensor + (ulong)destination.Length > tensor.ByteCount)
        {
            throw new ArgumentOutOfRangeException(nameof(offsetInTensor), "The range lies outside the tensor's data.");
        }

        var absolute = _start + File.DataOffset + (long)tensor.Offset + offsetInTensor;
        if (_handle is not null)
        {
            // Positional reads on the handle: safe from several threads at once.
            var done = 0;
            while (done < destination.Length)
            {
                var n = RandomAccess.Read(_handle, destination[done..], absolute + done);
                if (n == 0)
                {
                    throw new InvalidDataException($"GGUF tensor '{tensor.Name}' is truncated.");
                }

                done += n;
            }

            return;
        }

        lock (_streamLock)
        {
            _stream.Position = absolute;
            try
            {
                _stream.ReadExactly(destination);
            }
            catch (EndOfStreamException ex)
            {
                throw new InvalidDataException($"GGUF tensor '{tensor.Name}' is truncated.", ex);
            }
        }
    }

    /// <summary>A tensor's whole data as a new array (for tensors under 2 GiB).</summary>
    public byte[] ReadTensorBytes(GgufTensorInfo tensor)
    {
        ArgumentNullException.ThrowIfNull(tensor);
        if (tensor.ByteCount > (ulong)Array.MaxLength)
        {
            throw new InvalidOperationException($"Tensor '{tensor.Name}' ({tensor.ByteCount} bytes) is too large for one array; use CopyTensorData.");
        }

        var data = new byte[tensor.ByteCount];
        ReadTensorData(tensor, 0, data);
        return data;
    }

    /// <summary>Streams a tensor's data into <paramref name="destination"/> in chunks.</summary>
    public async Task CopyTensorDataAsync(GgufTensorInfo tensor, Stream destination, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(tensor);
        ArgumentNullException.ThrowIfNull(destination);
        var buffer = new byte[(int)Math.Min(tensor.ByteCount, 1 << 20)];
        for (ulong done = 0; done < tensor.ByteCount;)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var n = (int)Math.Min((ulong)buffer.Length, tensor.ByteCount - done);
            ReadTensorData(tensor, (long)done, buffer.AsSpan(0, n));
            await destination.WriteAsync(buffer.AsMemory(0, n), cancellationToken).ConfigureAwait(false);
            done += (ulong)n;
        }
    }

    public void Dispose()
    {
        if (!_leaveOpen)
        {
            _stream.Dispose();
        }
    }

    private GgufFile ReadHead()
    {
        var magic = ReadUInt32();
        if (magic != Magic)
        {
            throw new InvalidDataException($"Not a GGUF file: the magic is 0x{magic:X8}, expected 0x{Magic:X8} (\"GGUF\").");
        }

        var version = ReadUInt32();
        if (version is < MinSupportedVersion or > MaxSupportedVersion)
        {
            throw new InvalidDataException($"GGUF version {version} is not supported (supported: {MinSupportedVersion} to {MaxSupportedVersion}).");
        }

        var tensorCount = ReadUInt64();
        var kvCount = ReadUInt64();

        // The smallest key/value takes 13 bytes (key length, one-byte key, type, one-byte value); the smallest
        // tensor info 24 (name length, one-byte name, dimension count, no dimensions, type, offset).
        CheckCount(kvCount, 13, "metadata entries");
        CheckCount(tensorCount, 24, "tensors");

        var metadata = new GgufMetadata();
        for (ulong i = 0; i < kvCount; i++)
        {
            var key = ReadString();
            if (key.Length == 0)
            {
                throw new InvalidDataException($"GGUF metadata entry {i} has an empty key.");
            }

            var type = ReadValueType();
            var value = ReadValue(type, depth: 0);
            if (metadata.ContainsKey(key))
            {
                throw new InvalidDataException($"GGUF key '{key}' appears twice.");
            }

            metadata.Add(key, value);
        }

        var alignment = metadata.Alignment;
        var tensors = new List<GgufTensorInfo>((int)Math.Min(tensorCount, InitialCapacityLimit));
        for (ulong i = 0; i < tensorCount; i++)
        {
            tensors.Add(ReadTensorInfo(alignment));
        }

        var dataOffset = AlignUp(_position, alignment);
        var dataLength = Math.Max(0, _length - dataOffset);
        foreach (var tensor in tensors)
        {
            if (tensor.Offset > (ulong)dataLength || tensor.ByteCount > (ulong)dataLength - tensor.Offset)
            {
                throw new InvalidDataException(
                    $"GGUF tensor '{tensor.Name}' ({tensor.ByteCount} bytes at data offset {tensor.Offset}) lies past the end of the file; the file is truncated.");
            }
        }

        return new GgufFile(version, metadata, tensors, dataOffset);
    }

    private GgufTensorInfo ReadTensorInfo(uint alignment)
    {
        var name = ReadString();
        if (name.Length == 0)
        {
            throw new InvalidDataException("A GGUF tensor has an empty name.");
        }

        var dimensionCount = ReadUInt32();
        if (dimensionCount > MaxDimensions)
        {
            throw new InvalidDataException($"GGUF tensor '{name}' has {dimensionCount} dimensions; ggml allows at most {MaxDimensions}.");
        }

        var dimensions = new ulong[dimensionCount];
        ulong elements = 1;
        for (var d = 0; d < dimensions.Length; d++)
        {
            dimensions[d] = ReadUInt64();
            if (dimensions[d] > long.MaxValue || (dimensions[d] != 0 && elements > long.MaxValue / dimensions[d]))
            {
                throw new InvalidDataException($"GGUF tensor '{name}' has an absurd shape [{string.Join(", ", dimensions[..(d + 1)])}].");
            }

            elements *= dimensions[d];
        }

        var type = (GgmlType)ReadUInt32();
        if (!type.IsKnown())
        {
            throw new InvalidDataException($"GGUF tensor '{name}' has unknown ggml type {(uint)type}.");
        }

        // A tensor without dimensions is one element: a quantized type cannot hold it either.
        var rowLength = dimensions.Length > 0 ? dimensions[0] : 1;
        if (rowLength % (ulong)type.BlockSize() != 0)
        {
            throw new InvalidDataException(
                $"GGUF tensor '{name}' has rows of {rowLength} elements, not a multiple of {type}'s block size {type.BlockSize()}.");
        }

        var offset = ReadUInt64();
        if (offset % alignment != 0)
        {
            throw new InvalidDataException($"GGUF tensor '{name}' has offset {offset}, not a multiple of the alignment {alignment}.");
        }

        try
        {
            return new GgufTensorInfo(name, dimensions, type, offset);
        }
        catch (OverflowException)
        {
            // The element count fits a long, but its size in bytes does not: no file holds it.
            throw new InvalidDataException($"GGUF tensor '{name}' [{string.Join(", ", dimensions)}] of {type} is larger than any file can hold.");
        }
    }

    private GgufValueType ReadValueType()
    {
        var raw = ReadUInt32();
        return raw <= (uint)GgufValueType.Float64
            ? (GgufValueType)raw
            : throw new InvalidDataException($"Unknown GGUF value type {raw} at offset {_position - 4}.");
    }

    private GgufValue ReadValue(GgufValueType type, int depth) => type switch
    {
        GgufValueType.UInt8 => GgufValue.Of(ReadExactly(1)[0]),
        GgufValueType.Int8 => GgufValue.Of((sbyte)ReadExactly(1)[0]),
        GgufValueType.UInt16 => GgufValue.Of(BinaryPrimitives.ReadUInt16LittleEndian(ReadExactly(2))),
        GgufValueType.Int16 => GgufValue.Of(BinaryPrimitives.ReadInt16LittleEndian(ReadExactly(2))),
        GgufValueType.UInt32 => GgufValue.Of(ReadUInt32()),
        GgufValueType.Int32 => GgufValue.Of(BinaryPrimitives.ReadInt32LittleEndian(ReadExactly(4))),
        GgufValueType.Float32 => GgufValue.Of(BinaryPrimitives.ReadSingleLittleEndian(ReadExactly(4))),
        GgufValueType.Bool => GgufValue.Of(ReadBool()),
        GgufValueType.String => GgufValue.Of(ReadString()),
        GgufValueType.Array => GgufValue.Of(ReadArray(depth + 1)),
        GgufValueType.UInt64 => GgufValue.Of(ReadUInt64()),
        GgufValueType.Int64 => GgufValue.Of(BinaryPrimitives.ReadInt64LittleEndian(ReadExactly(8))),
        GgufValueType.Float64 => GgufValue.Of(BinaryPrimitives.ReadDoubleLittleEndian(ReadExactly(8))),
        _ => throw new InvalidDataException($"Unknown GGUF value type {(uint)type}."),
    };

    private GgufArray ReadArray(int depth)
    {
        if (depth > MaxArrayNesting)
        {
            throw new InvalidDataException($"GGUF arrays are nested deeper than {MaxArrayNesting} levels.");
        }

        var elementType = ReadValueType();
        var count = ReadUInt64();
        var minSize = elementType switch
        {
            GgufValueType.UInt8 or GgufValueType.Int8 or GgufValueType.Bool => 1,
            GgufValueType.UInt16 or GgufValueType.Int16 => 2,
            GgufValueType.UInt32 or GgufValueType.Int32 or GgufValueType.Float32 => 4,
            GgufValueType.UInt64 or GgufValueType.Int64 or GgufValueType.Float64 or GgufValueType.String => 8,
            _ => 12,
        };
        CheckCount(count, minSize, $"{elementType} array items");
        var n = (int)count;

        switch (elementType)
        {
            case GgufValueType.UInt8: return GgufArray.Of(ReadNumbers<byte>(n));
            case GgufValueType.Int8: return GgufArray.Of(ReadNumbers<sbyte>(n));
            case GgufValueType.UInt16: return GgufArray.Of(ReadNumbers<ushort>(n));
            case GgufValueType.Int16: return GgufArray.Of(ReadNumbers<short>(n));
            case GgufValueType.UInt32: return GgufArray.Of(ReadNumbers<uint>(n));
            case GgufValueType.Int32: return GgufArray.Of(ReadNumbers<int>(n));
            case GgufValueType.Float32: return GgufArray.Of(ReadNumbers<float>(n));
            case GgufValueType.UInt64: return GgufArray.Of(ReadNumbers<ulong>(n));
            case GgufValueType.Int64: return GgufArray.Of(ReadNumbers<long>(n));
            case GgufValueType.Float64: return GgufArray.Of(ReadNumbers<double>(n));
            case GgufValueType.Bool:
            {
                var items = new bool[n];
                for (var i = 0; i < n; i++)
                {
                    items[i] = ReadBool();
                }

                return GgufArray.Of(items);
            }

            case GgufValueType.String:
            {
                // Grown as read, so a count that the remaining bytes only seem to allow costs no more than the file.
                var items = new List<string>(Math.Min(n, InitialCapacityLimit));
                for (var i = 0; i < n; i++)
                {
                    items.Add(ReadString());
                }

                return GgufArray.Of(items.ToArray());
            }

            default:
            {
                // Items of an array of arrays are stored without a type tag: each is (element type, count, items).
                var items = new List<GgufArray>(Math.Min(n, InitialCapacityLimit));
                for (var i = 0; i < n; i++)
                {
                    items.Add(ReadArray(depth + 1));
                }

                return GgufArray.Of(items.ToArray());
            }
        }
    }

    private T[] ReadNumbers<T>(int count)
        where T : unmanaged
    {
        var items = new T[count];
        var bytes = MemoryMarshal.AsBytes(items.AsSpan());
        ReadInto(bytes);
        if (!BitConverter.IsLittleEndian)
        {
            throw new PlatformNotSupportedException("GGUF reading needs a little-endian machine.");
        }

        return items;
    }

    private bool ReadBool()
    {
        var b = ReadExactly(1)[0];
        return b switch
        {
            0 => false,
            1 => true,
            _ => throw new InvalidDataException($"GGUF bool at offset {_position - 1} has value {b}; only 0 and 1 are valid."),
        };
    }

    private string ReadString()
    {
        var length = ReadUInt64();
        CheckCount(length, 1, "string bytes");
        if (length == 0)
        {
            return string.Empty;
        }

        var n = (int)length;
        if (n <= 256)
        {
            Span<byte> small = stackalloc byte[n];
            ReadInto(small);
            return Utf8.GetString(small);
        }

        var bytes = new byte[n];
        ReadInto(bytes);
        return Utf8.GetString(bytes);
    }

    private uint ReadUInt32() => BinaryPrimitives.ReadUInt32LittleEndian(ReadExactly(4));

    private ulong ReadUInt64() => BinaryPrimitives.ReadUInt64LittleEndian(ReadExactly(8));

    private ReadOnlySpan<byte> ReadExactly(int count)
    {
        var span = _scratch.AsSpan(0, count);
        ReadInto(span);
        return span;
    }

    private void ReadInto(Span<byte> destination)
    {
        if (destination.Length > _length - _position)
        {
            throw new InvalidDataException($"GGUF file is truncated: {destination.Length} bytes needed at offset {_position}, {_length - _position} left.");
        }

        _input.ReadExactly(destination);
        _position += destination.Length;
    }

    private void CheckCount(ulong count, int minBytesEach, string what)
    {
        var remaining = (ulong)Math.Max(0, _length - _position);
        if (count > (ulong)Array.MaxLength || count > remaining / (ulong)minBytesEach)
        {
            throw new InvalidDataException(
                $"GGUF header claims {count} {what} at offset {_position}, more than the {remaining} bytes left in the file can hold.");
        }
    }

    private static long AlignUp(long value, uint alignment) => (value + alignment - 1) / alignment * alignment;
}
