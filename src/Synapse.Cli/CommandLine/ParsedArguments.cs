using System.Globalization;

namespace Synapse.Cli.CommandLine;

/// <summary>The result of <see cref="ArgumentParser.Parse"/> with typed, validated accessors.</summary>
public sealed class ParsedArguments(
    IReadOnlyDictionary<string, List<string>> values, IReadOnlyList<string> positionals, bool helpRequested)
{
    public IReadOnlyList<string> Positionals { get; } = positionals;

    public bool HelpRequested { get; } = helpRequested;

    public bool Has(string name) => values.ContainsKey(name);

    /// <summary>A switch: true when given (or given as =true).</summary>
    public bool GetSwitch(string name) => values.TryGetValue(name, out var list) && list[^1] == "true";

    public string? GetString(string name) => values.TryGetValue(name, out var list) ? list[^1] : null;

    public IReadOnlyList<string> GetAll(string name) => values.TryGetValue(name, out var list) ? list : [];

    public string GetRequiredString(string name) =>
        GetString(name) is { Length: > 0 } value ? value : throw new UsageException($"option '{name}' is required");

    public int GetInt(string name, int defaultValue, int min = int.MinValue, int max = int.MaxValue) =>
        GetString(name) is { } text ? ParseInt(name, text, min, max) : defaultValue;

    public int? GetOptionalInt(string name, int min = int.MinValue, int max = int.MaxValue) =>
        GetString(name) is { } text ? ParseInt(name, text, min, max) : null;

    public double? GetOptionalDouble(string name, double min, double max = double.MaxValue)
    {
        if (GetString(name) is not { } text)
        {
            return null;
        }

        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value)
            || double.IsNaN(value) || value < min || value > max)
        {
            throw new UsageException($"option '{name}': '{text}' is not a number between {min} and {max}");
        }

        return value;
    }

    /// <summary>A comma-separated list such as <c>1,4,8</c>; repeats of the flag add to it.</summary>
    public IReadOnlyList<int> GetIntList(string name, IReadOnlyList<int> defaultValue, int min = int.MinValue, int max = int.MaxValue)
    {
        if (!values.TryGetValue(name, out var list))
        {
            return defaultValue;
        }

        var result = new List<int>();
        foreach (var part in list.SelectMany(v => v.Split(',', StringSplitOptions.TrimEntries)))
        {
            if (part.Length == 0)
            {
                throw new UsageException($"option '{name}': empty item in list '{string.Join(",", list)}'");
            }

            result.Add(ParseInt(name, part, min, max));
        }

        return result;
    }

    /// <summary>One of a fixed set of words, compared case-insensitively; returns the canonical spelling.</summary>
    public string GetChoice(string name, IReadOnlyList<string> choices, string defaultValue)
    {
        if (GetString(name) is not { } text)
        {
            return defaultValue;
        }

        return choices.FirstOrDefault(c => string.Equals(c, text, StringComparison.OrdinalIgnoreCase))
            ?? throw new UsageException($"option '{name}': '{text}' is not one of {string.Join(", ", choices)}");
    }

    private static int ParseInt(string name, string text, int min, int max)
    {
        if (!int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) || value < min || value > max)
        {
            var range = max == int.MaxValue ? $"an integer ≥ {min}" : $"an integer from {min} to {max}";
            throw new UsageException($"option '{name}': '{text}' is not {range}");
        }

        return value;
    }
}
