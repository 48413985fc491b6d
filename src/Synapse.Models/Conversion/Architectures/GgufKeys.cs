using Synapse.Models.Gguf;

namespace Synapse.Models.Conversion.Architectures;

/// <summary>Writes <c>{arch}.*</c> keys with the value types gguf-py gives them.</summary>
internal sealed class GgufKeys(GgufMetadata metadata, string architecture)
{
    public void UInt32(string key, long value)
    {
        if (value is < 0 or > uint.MaxValue)
        {
            throw new InvalidDataException($"{architecture}.{key} = {value} is out of range.");
        }

        metadata.Set($"{architecture}.{key}", GgufValue.Of((uint)value));
    }

    public void Float32(string key, double value) => metadata.Set($"{architecture}.{key}", GgufValue.Of((float)value));

    public void String(string key, string value) => metadata.Set($"{architecture}.{key}", GgufValue.Of(value));

    public void UInt32IfPresent(string key, int? value)
    {
        if (value is { } v)
        {
            UInt32(key, v);
        }
    }

    public void Float32IfPresent(string key, double? value)
    {
        if (value is { } v)
        {
            Float32(key, v);
        }
    }
}
