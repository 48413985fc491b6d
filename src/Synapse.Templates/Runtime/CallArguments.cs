namespace Synapse.Templates.Runtime;

/// <summary>Positional and keyword arguments of one call, with Python-style lookup by position or name.</summary>
internal sealed class CallArguments(List<object?> positional, Dictionary<string, object?>? named)
{
    private static readonly Dictionary<string, object?> NoNames = new(StringComparer.Ordinal);

    public static CallArguments Empty { get; } = new([], null);

    public List<object?> Positional { get; } = positional;

    public IReadOnlyDictionary<string, object?> Named { get; } = named ?? NoNames;

    public int Count => Positional.Count + Named.Count;

    public bool Has(int position, string name) => position < Positional.Count || Named.ContainsKey(name);

    public object? Get(int position, string name, object? fallback)
    {
        if (position >= 0 && position < Positional.Count)
        {
            return Positional[position];
        }

        return Named.TryGetValue(name, out var value) ? value : fallback;
    }

    /// <summary>Positional arguments from <paramref name="start"/> on (filters such as select pass them to a test).</summary>
    public CallArguments Skip(int start) =>
        new(Positional.Count > start ? Positional.GetRange(start, Positional.Count - start) : [], new Dictionary<string, object?>(Named, StringComparer.Ordinal));
}
