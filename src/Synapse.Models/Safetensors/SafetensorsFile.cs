using System.Buffers.Binary;
using System.IO.MemoryMappedFiles;
using System.Text.Json;
using Synapse.Models.Json;

namespace Synapse.Models.Safetensors;

/// <summary>
/// A safetensors file opened for reading: the header is parsed and checked up front (every tensor's byte range lies
/// inside the file, matches its shape and dtype, and the ranges tile the data section without gaps or overlaps, as
/// the reference implementation requires), so later reads never go out of bounds. Tensor data is read through
/// memory-mapped <see cref="SafetensorsView"/>s, one range at a time.
/// </summary>
public sealed class SafetensorsFile : IDisposable
{
    /// <summary>The largest header the reference implementation accepts.</summary>
    public const long MaxHeaderLength = 100_000_000;

    private readonly MemoryMappedFile? _map;
    private readonly Dictionary<string, SafetensorsTensor> _byName;

    private SafetensorsFile(string path, long length, MemoryMappedFile? map, IReadOnlyDictionary<string, string> metadata,
        IEnumerable<SafetensorsTensor> ordered)
    {
        Path = path;
        Length = length;
        _map = map;
        Metadata = metadata;
        Tensors = ordered.Select(t => t with { File = this }).ToList();
        _byName = Tensors.ToDictionary(t => t.Name, StringComparer.Ordinal);
    }

    public string Path { get; }

    public long Length { get; }

    /// <summary>The header's free-form <c>__metadata__</c> strings.</summary>
    public IReadOnlyDictionary<string, string> Metadata { get; }

    /// <summary>The tensors in data order.</summary>
    public IReadOnlyList<SafetensorsTensor> Tensors { get; }

    /// <summary>Opens and validates a file.</summary>
    /// <exception cref="InvalidDataException">The file is truncated or its header is malformed or inconsistent.</exception>
    public static SafetensorsFile Open(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1);
        var length = stream.Length;
        if (length < 8)
        {
            throw Invalid(path, $"the file is {length} bytes, too short for the 8-byte header length.");
        }

        Span<byte> prefix = stackalloc byte[8];
        stream.ReadExactly(prefix);
        var headerLength = BinaryPrimitives.ReadUInt64LittleEndian(prefix);
        if (headerLength < 2 || headerLength > MaxHeaderLength)
        {
            throw Invalid(path, $"the header length {headerLength} is outside 2..{MaxHeaderLength}.");
        }

        if (headerLength > (ulong)(length - 8))
        {
            throw Invalid(path, $"the header length {headerLength} runs past the end of the {length}-byte file (truncated?).");
        }

        var header = new byte[headerLength];
        stream.ReadExactly(header);
        var dataStart = 8 + (long)headerLength;
        var (tensors, metadata) = ParseHeader(path, header, dataStart, length - dataStart);

        var ordered = tensors.Values.OrderBy(t => t.FileOffset).ThenBy(t => t.ByteLength).ToList();
        var expected = dataStart;
        foreach (var tensor in ordered)
        {
            if (tensor.FileOffset != expected)
            {
                throw Invalid(path, tensor.FileOffset < expected
                    ? $"tensor '{tensor.Name}' overlaps the tensor before it."
                    : $"there is a gap of {tensor.FileOffset - expected} bytes before tensor '{tensor.Name}'.");
            }

            expected += tensor.ByteLength;
        }

        if (expected != length)
        {
            throw Invalid(path, $"the tensors cover {expected - dataStart} data bytes but the file holds {length - dataStart}.");
        }

        var map = length > dataStart
            ? MemoryMappedFile.CreateFromFile(path, FileMode.Open, mapName: null, capacity: 0, MemoryMappedFileAccess.Read)
            : null;
        return new SafetensorsFile(path, length, map, metadata, ordered);
    }

    public bool TryGetTensor(string name, [System.Diagnostics.CodeAnalysis.MaybeNullWhen(false)] out SafetensorsTensor tensor) =>
        _byName.TryGetValue(name, out tensor);

    /// <summary>Maps <paramref name="length"/> bytes of <paramref name="tensor"/>'s data from <paramref name="offset"/> on.</summary>
    public SafetensorsView Map(SafetensorsTensor tensor, long offset, int length)
    {
        ArgumentNullException.ThrowIfNull(tensor);
        if (!ReferenceEquals(tensor.File, this))
        {
            throw new ArgumentException($"Tensor '{tensor.Name}' is not in {Path}.", nameof(tensor));
        }

        if (offset < 0 || length < 0 || offset > tensor.ByteLength - length)
        {
            throw new ArgumentOutOfRangeException(nameof(offset), $"Range {offset}+{length} is outside tensor '{tensor.Name}' ({tensor.ByteLength} bytes).");
        }

        return new SafetensorsView(_map!, tensor.FileOffset + offset, length);
    }

    public void Dispose() => _map?.Dispose();

    private static (Dictionary<string, SafetensorsTensor> Tensors, IReadOnlyDictionary<string, string> Metadata) ParseHeader(
        string path, byte[] header, long dataStart, long dataLength)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(header, new JsonDocumentOptions { MaxDepth = 8 });
        }
        catch (JsonException ex)
        {
            throw Invalid(path, $"the header is not valid JSON ({ex.Message}).");
        }

        // Decoded once here, not in the middle of the checks below (see JsonStrings).
        if (!JsonStrings.AreText(document.RootElement))
        {
            document.Dispose();
            throw Invalid(path, "the header holds a string that is not valid text (invalid UTF-8 or an unpaired surrogate escape).");
        }

        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw Invalid(path, "the header is not a JSON object.");
            }

            var tensors = new Dictionary<string, SafetensorsTensor>(StringComparer.Ordinal);
            var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
            var seenMetadata = false;
            foreach (var property in document.RootElement.EnumerateObject())
            {
                if (property.Name == "__metadata__")
                {
                    if (seenMetadata)
                    {
                        throw Invalid(path, "'__metadata__' appears twice.");
                    }

                    seenMetadata = true;
                    ReadMetadata(path, property.Value, metadata);
                    continue;
                }

                if (tensors.ContainsKey(property.Name))
                {
                    throw Invalid(path, $"tensor '{property.Name}' appears twice.");
                }

                tensors[property.Name] = ReadTensor(path, property.Name, property.Value, dataStart, dataLength);
            }

            return (tensors, metadata);
        }
    }

    private static void ReadMetadata(string path, JsonElement element, Dictionary<string, string> metadata)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            throw Invalid(path, "'__metadata__' is not an object of strings.");
        }

        foreach (var entry in element.EnumerateObject())
        {
            if (entry.Value.ValueKind != JsonValueKind.String)
            {
                throw Invalid(path, $"'__metadata__.{entry.Name}' is not a string.");
            }

            metadata[entry.Name] = entry.Value.GetString()!;
        }
    }

    private static SafetensorsTensor ReadTensor(string path, string name, JsonElement element, long dataStart, long dataLength)
    {
        if (name.Length == 0)
        {
            throw Invalid(path, "a tensor has an empty name.");
        }

        if (element.ValueKind != JsonValueKind.Object)
        {
            throw Invalid(path, $"the entry of tensor '{name}' is not an object.");
        }

        if (!element.TryGetProperty("dtype", out var dtypeElement) || dtypeElement.ValueKind != JsonValueKind.String
            || !SafetensorsDTypes.TryParse(dtypeElement.GetString(), out var dtype))
        {
            throw Invalid(path, $"tensor '{name}' has a missing or unknown dtype ({(element.TryGetProperty("dtype", out var d) ? d.ToString() : "none")}).");
        }

        if (!element.TryGetProperty("shape", out var shapeElement) || shapeElement.ValueKind != JsonValueKind.Array)
        {
            throw Invalid(path, $"tensor '{name}' has no shape array.");
        }

        var shape = new List<long>();
        var count = 1L;
        foreach (var dim in shapeElement.EnumerateArray())
        {
            if (dim.ValueKind != JsonValueKind.Number || !dim.TryGetInt64(out var value) || value < 0)
            {
                throw Invalid(path, $"tensor '{name}' has a shape entry that is not a non-negative integer ({dim}).");
            }

            shape.Add(value);
            try
            {
                count = checked(count * value);
            }
            catch (OverflowException)
            {
                throw Invalid(path, $"tensor '{name}' has a shape too large to address.");
            }
        }

        if (!element.TryGetProperty("data_offsets", out var offsets) || offsets.ValueKind != JsonValueKind.Array
            || offsets.GetArrayLength() != 2
            || !offsets[0].TryGetInt64(out var begin) || !offsets[1].TryGetInt64(out var end))
        {
            throw Invalid(path, $"tensor '{name}' has no [begin, end] data_offsets.");
        }

        if (begin < 0 || end < begin || end > dataLength)
        {
            throw Invalid(path, $"tensor '{name}' has data_offsets [{begin}, {end}] outside the {dataLength}-byte data section.");
        }

        long expectedBytes;
        try
        {
            expectedBytes = checked(count * dtype.ElementSize());
        }
        catch (OverflowException)
        {
            throw Invalid(path, $"tensor '{name}' has a shape too large to address.");
        }

        if (end - begin != expectedBytes)
        {
            throw Invalid(path, $"tensor '{name}' ({dtype} [{string.Join(", ", shape)}]) needs {expectedBytes} bytes but data_offsets give {end - begin}.");
        }

        foreach (var property in element.EnumerateObject())
        {
            if (property.Name is not ("dtype" or "shape" or "data_offsets"))
            {
                throw Invalid(path, $"tensor '{name}' has an unexpected field '{property.Name}'.");
            }
        }

        return new SafetensorsTensor(name, dtype, shape, dataStart + begin, end - begin, null!);
    }

    private static InvalidDataException Invalid(string path, string reason) =>
        new($"'{path}' is not a valid safetensors file: {reason}");
}
