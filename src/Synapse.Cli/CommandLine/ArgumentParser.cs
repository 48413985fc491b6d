namespace Synapse.Cli.CommandLine;

/// <summary>
/// A small GNU-style parser: <c>--name value</c>, <c>--name=value</c>, switches, <c>-h</c>/<c>--help</c>, and
/// <c>--</c> to end options. Anything it does not know is a <see cref="UsageException"/>, never silently ignored.
/// </summary>
public static class ArgumentParser
{
    public static ParsedArguments Parse(
        IReadOnlyList<string> args, IReadOnlyList<CommandOption> options, int maxPositionals = 0)
    {
        var byName = options.ToDictionary(o => o.Name, StringComparer.Ordinal);
        var values = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        var positionals = new List<string>();
        var help = false;

        for (var i = 0; i < args.Count; i++)
        {
            var token = args[i];
            if (token == "--")
            {
                positionals.AddRange(args.Skip(i + 1));
                break;
            }

            if (token is "-h" or "--help")
            {
                help = true;
                continue;
            }

            if (!token.StartsWith("--", StringComparison.Ordinal))
            {
                if (token.Length > 1 && token[0] == '-' && !IsNumber(token))
                {
                    throw new UsageException($"unknown option '{token}'");
                }

                positionals.Add(token);
                continue;
            }

            var eq = token.IndexOf('=', StringComparison.Ordinal);
            var name = eq < 0 ? token : token[..eq];
            string? inline = eq < 0 ? null : token[(eq + 1)..];
            if (!byName.TryGetValue(name, out var option))
            {
                throw new UsageException($"unknown option '{name}'{Suggest(name, options)}");
            }

            string value;
            if (option.TakesValue)
            {
                if (inline is not null)
                {
                    value = inline;
                }
                else if (i + 1 < args.Count && !args[i + 1].StartsWith("--", StringComparison.Ordinal))
                {
                    value = args[++i];
                }
                else
                {
                    throw new UsageException($"option '{name}' needs a value ({option.ValueName})");
                }
            }
            else
            {
                value = inline switch
                {
                    null or "true" => "true",
                    "false" => "false",
                    _ => throw new UsageException($"option '{name}' is a switch; use {name} or {name}=true|false"),
                };
            }

            if (!values.TryGetValue(name, out var list))
            {
                values[name] = list = [];
            }
            else if (!option.Repeatable)
            {
                throw new UsageException($"option '{name}' is given more than once");
            }

            list.Add(value);
        }

        if (!help && positionals.Count > maxPositionals)
        {
            throw new UsageException($"unexpected argument '{positionals[maxPositionals]}'");
        }

        return new ParsedArguments(values, positionals, help);
    }

    private static bool IsNumber(string token) => double.TryParse(token, System.Globalization.CultureInfo.InvariantCulture, out _);

    private static string Suggest(string name, IReadOnlyList<CommandOption> options)
    {
        var best = options
            .Select(o => (o.Name, Distance: EditDistance(name, o.Name)))
            .OrderBy(x => x.Distance)
            .FirstOrDefault();
        return best.Name is not null && best.Distance <= 3 ? $" (did you mean '{best.Name}'?)" : "";
    }

    private static int EditDistance(string a, string b)
    {
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++)
        {
            previous[j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }

            (previous, current) = (current, previous);
        }

        return previous[b.Length];
    }
}
