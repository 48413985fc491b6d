using YamlDotNet.RepresentationModel;

namespace Synapse.EndToEnd.Deployment;

/// <summary>Small reading helpers over YamlDotNet's representation model for manifest checks.</summary>
public static class YamlDocuments
{
    public static List<YamlMappingNode> Load(string text)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(text));
        return stream.Documents.Select(d => d.RootNode).OfType<YamlMappingNode>().ToList();
    }

    /// <summary>The node at <paramref name="path"/> (mapping keys), or null.</summary>
    public static YamlNode? At(this YamlNode node, params string[] path)
    {
        YamlNode? current = node;
        foreach (var key in path)
        {
            if (current is not YamlMappingNode mapping)
            {
                return null;
            }

            current = Merged(mapping).GetValueOrDefault(key);
        }

        return current;
    }

    public static string? Text(this YamlNode node, params string[] path) => (node.At(path) as YamlScalarNode)?.Value;

    public static IReadOnlyList<YamlNode> Items(this YamlNode node, params string[] path) =>
        node.At(path) is YamlSequenceNode sequence ? sequence.Children.ToList() : [];

    public static IReadOnlyList<string> Strings(this YamlNode node, params string[] path) =>
        node.Items(path).OfType<YamlScalarNode>().Select(s => s.Value ?? "").ToList();

    /// <summary>A mapping's entries with YAML merge keys (<c>&lt;&lt;: *anchor</c>) applied, as compose reads them.</summary>
    public static Dictionary<string, YamlNode> Merged(YamlMappingNode mapping)
    {
        var result = new Dictionary<string, YamlNode>(StringComparer.Ordinal);
        if (mapping.Children.TryGetValue(new YamlScalarNode("<<"), out var merge) && merge is YamlMappingNode inherited)
        {
            foreach (var (key, value) in Merged(inherited))
            {
                result[key] = value;
            }
        }

        foreach (var (key, value) in mapping.Children)
        {
            if (key is YamlScalarNode { Value: { } name } && name != "<<")
            {
                result[name] = value;
            }
        }

        return result;
    }
}
