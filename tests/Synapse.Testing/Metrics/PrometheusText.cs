using System.Globalization;
using System.Text;

namespace Synapse.Testing.Metrics;

/// <summary>One sample of a Prometheus text exposition: series name, labels, value (a timestamp, if any, is dropped).</summary>
public sealed record PrometheusSample(string Name, IReadOnlyDictionary<string, string> Labels, double Value);

/// <summary>
/// A parsed <c>/metrics</c> answer, so tests find a series by name and the labels they care about, whatever the
/// label order or extra labels (such as <c>otel_scope_name</c>) the exporter writes.
/// </summary>
public sealed class PrometheusText
{
    private PrometheusText(IReadOnlyList<PrometheusSample> samples, IReadOnlyDictionary<string, string> types)
    {
        Samples = samples;
        Types = types;
    }

    public IReadOnlyList<PrometheusSample> Samples { get; }

    /// <summary>Metric family name to its <c># TYPE</c> (counter, gauge, histogram).</summary>
    public IReadOnlyDictionary<string, string> Types { get; }

    public static PrometheusText Parse(string text)
    {
        var samples = new List<PrometheusSample>();
        var types = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.TrimEnd('\r');
            if (line.StartsWith("# TYPE ", StringComparison.Ordinal))
            {
                var parts = line.Split(' ');
                types[parts[2]] = parts[3];
                continue;
            }

            if (line.Length == 0 || line[0] == '#')
            {
                continue;
            }

            samples.Add(ParseSample(line));
        }

        return new PrometheusText(samples, types);
    }

    /// <summary>The series of <paramref name="name"/> whose labels include all of <paramref name="labels"/>.</summary>
    public IEnumerable<PrometheusSample> Find(string name, params (string Name, string Value)[] labels) =>
        Samples.Where(s => s.Name == name && labels.All(l => s.Labels.TryGetValue(l.Name, out var v) && v == l.Value));

    /// <summary>The value of the one series that matches; fails when none or several do.</summary>
    public double Value(string name, params (string Name, string Value)[] labels)
    {
        var found = Find(name, labels).ToList();
        return found.Count == 1
            ? found[0].Value
            : throw new Xunit.Sdk.XunitException($"Expected one series {name} {string.Join(",", labels)}, found {found.Count}.");
    }

    public bool Has(string name, params (string Name, string Value)[] labels) => Find(name, labels).Any();

    private static PrometheusSample ParseSample(string line)
    {
        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        var nameEnd = line.IndexOfAny(['{', ' ']);
        var name = line[..nameEnd];
        var i = nameEnd;
        if (line[i] == '{')
        {
            i++;
            while (line[i] != '}')
            {
                var equals = line.IndexOf('=', i);
                var key = line[i..equals];
                var value = new StringBuilder();
                i = equals + 2; // past ="
                for (; line[i] != '"'; i++)
                {
                    if (line[i] == '\\')
                    {
                        i++;
                        value.Append(line[i] == 'n' ? '\n' : line[i]);
                        continue;
                    }

                    value.Append(line[i]);
                }

                labels[key] = value.ToString();
                i++; // past the closing quote
                if (line[i] == ',')
                {
                    i++;
                }
            }

            i++; // past }
        }

        var rest = line[i..].Trim().Split(' ');
        var number = rest[0] switch
        {
            "+Inf" => double.PositiveInfinity,
            "-Inf" => double.NegativeInfinity,
            "NaN" => double.NaN,
            var text => double.Parse(text, CultureInfo.InvariantCulture),
        };
        return new PrometheusSample(name, labels, number);
    }
}
