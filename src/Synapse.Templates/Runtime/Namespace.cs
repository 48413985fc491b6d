namespace Synapse.Templates.Runtime;

/// <summary>What <c>namespace(...)</c> makes: the one object a template may assign attributes on, across scopes.</summary>
internal sealed class Namespace
{
    public Dictionary<string, object?> Attributes { get; } = new(StringComparer.Ordinal);
}
