namespace Synapse.Models.Gguf;

/// <summary>The parsed head of a GGUF file: version, metadata, tensor infos and where the data section starts.</summary>
public sealed class GgufFile
{
    private readonly Dictionary<string, GgufTensorInfo> _byName;

    public GgufFile(uint version, GgufMetadata metadata, IReadOnlyList<GgufTensorInfo> tensors, long dataOffset)
    {
        Version = version;
        Metadata = metadata;
        Tensors = tensors;
        DataOffset = dataOffset;
        _byName = new Dictionary<string, GgufTensorInfo>(StringComparer.Ordinal);
        foreach (var tensor in tensors)
        {
            if (!_byName.TryAdd(tensor.Name, tensor))
            {
                throw new InvalidDataException($"GGUF tensor '{tensor.Name}' appears twice.");
            }
        }
    }

    public uint Version { get; }

    public GgufMetadata Metadata { get; }

    public IReadOnlyList<GgufTensorInfo> Tensors { get; }

    public uint Alignment => Metadata.Alignment;

    /// <summary>Absolute offset of the (aligned) data section in the file.</summary>
    public long DataOffset { get; }

    public GgufTensorInfo? FindTensor(string name) => _byName.GetValueOrDefault(name);
}
