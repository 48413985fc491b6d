using System.Text;

namespace Synapse.Hosting.Settings;

/// <summary>
/// Reads a <c>.env</c> file: <c>KEY=VALUE</c> lines, <c>#</c> comments, optional single or double quotes and a
/// tolerated <c>export </c> prefix, as docker compose and python-dotenv read them.
/// </summary>
public static class DotEnvFile
{
    public static IReadOnlyDictionary<string, string> Read(string path) =>
        File.Exists(path) ? Parse(File.ReadAllText(path)) : new Dictionary<string, string>();

    public static IReadOnlyDictionary<string, string> Parse(string text)
    {
        var values = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var lineNumber = 0;
        foreach (var rawLine in text.Split('\n'))
        {
            lineNumber++;
            var line = rawLine.TrimEnd('\r').Trim();
            if (line.Length == 0 || line[0] == '#')
            {
                continue;
            }

            if (line.StartsWith("export ", StringComparison.Ordinal))
            {
                line = line["export ".Length..].TrimStart();
            }

            var equals = line.IndexOf('=');
            if (equals <= 0)
            {
                throw new SettingsException($".env line {lineNumber} is not KEY=VALUE: '{line}'.");
            }

            var key = line[..equals].Trim();
            values[key] = ParseValue(line[(equals + 1)..].Trim());
        }

        return values;
    }

    private static string ParseValue(string value)
    {
        if (value.Length >= 2 && value[0] == '\'' )
        {
            var end = value.IndexOf('\'', 1);
            return end > 0 ? value[1..end] : value;
        }

        if (value.Length >= 2 && value[0] == '"')
        {
            var builder = new StringBuilder();
            for (var i = 1; i < value.Length; i++)
            {
                var c = value[i];
                if (c == '"')
                {
                    return builder.ToString();
                }

                if (c == '\\' && i + 1 < value.Length)
                {
                    i++;
                    builder.Append(value[i] switch { 'n' => '\n', 't' => '\t', 'r' => '\r', var other => other });
                    continue;
                }

                builder.Append(c);
            }

            return value;
        }

        // An unquoted value ends at a comment that follows whitespace, so URLs with '#' still work.
        var comment = value.IndexOf(" #", StringComparison.Ordinal);
        return comment >= 0 ? value[..comment].TrimEnd() : value;
    }
}
