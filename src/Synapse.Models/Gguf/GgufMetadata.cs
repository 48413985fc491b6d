using System.Collections;

namespace Synapse.Models.Gguf;

/// <summary>
/// GGUF key/value metadata in file order. Keys are unique (llama.cpp rejects files with duplicate keys);
/// replacing a value keeps its position, new keys are appended.
/// </summary>
public sealed class GgufMetadata : IReadOnlyList<KeyValuePair<string, GgufValue>>
{
    /// <summary>The key that sets the data section's alignment.</summary>
    public const string AlignmentKey = "general.alignment";

    /// <summary>The alignment GGUF uses when <see cref="AlignmentKey"/> is absent.</summary>
    public const uint DefaultAlignment = 32;

    private readonly OrderedDictionary<string, GgufValue> _items = new(StringComparer.Ordinal);

    public int Count => _items.Count;

    public IEnumerable<string> Keys => _items.Keys;

    public KeyValuePair<string, GgufValue> this[int index] => _items.GetAt(index);

    public GgufValue this[string key]
    {
        get => _items.TryGetValue(key, out var value) ? value : throw new KeyNotFoundException($"GGUF key '{key}' is missing.");
        set => Set(key, value);
    }

    /// <summary>The data section's alignment: <see cref="AlignmentKey"/> (a uint32 power of two) or 32.</summary>
    public uint Alignment
    {
        get
        {
            if (!_items.TryGetValue(AlignmentKey, out var value))
            {
                return DefaultAlignment;
            }

            if (value.Type != GgufValueType.UInt32 || (uint)value.Value is var a && (a == 0 || (a & (a - 1)) != 0))
            {
                throw new InvalidDataException($"'{AlignmentKey}' must be a uint32 power of two, got {value.Type} {value}.");
            }

            return (uint)value.Value;
        }
    }

    /// <summary>Adds a key; throws when it exists already.</summary>
    public void Add(string key, GgufValue value)
    {
        ValidateKey(key);
        ArgumentNullException.ThrowIfNull(value);
        if (!_items.TryAdd(key, value))
        {
            throw new ArgumentException($"GGUF key '{key}' is already present.", nameof(key));
        }
    }

    /// <summary>Adds a key, or replaces its value in place.</summary>
    public void Set(string key, GgufValue value)
    {
        ValidateKey(key);
        ArgumentNullException.ThrowIfNull(value);
        _items[key] = value;
    }

    public bool Remove(string key) => _items.Remove(key);

    public bool ContainsKey(string key) => _items.ContainsKey(key);

    public bool TryGetValue(string key, [System.Diagnostics.CodeAnalysis.MaybeNullWhen(false)] out GgufValue value) =>
        _items.TryGetValue(key, out value);

    public string GetString(string key) => this[key].AsString();

    public string? GetStringOrNull(string key) => TryGetValue(key, out var value) ? value.AsString() : null;

    public long GetInt64(string key) => this[key].AsInt64();

    public int GetInt32(string key) => this[key].AsInt32();

    public ulong GetUInt64(string key) => this[key].AsUInt64();

    public double GetDouble(string key) => this[key].AsDouble();

    public bool GetBool(string key) => this[key].AsBool();

    public GgufArray GetArray(string key) => this[key].AsArray();

    public IEnumerator<KeyValuePair<string, GgufValue>> GetEnumerator() => _items.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    private static void ValidateKey(string key)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
    }
}
