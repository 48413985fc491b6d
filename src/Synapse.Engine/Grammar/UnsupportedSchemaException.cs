namespace Synapse.Engine.Grammar;

/// <summary>A JSON Schema uses a keyword (or a value of it) that constrained decoding cannot enforce.</summary>
public sealed class UnsupportedSchemaException(string keyword, string message) : Exception(message)
{
    /// <summary>The schema keyword that cannot be enforced (e.g. <c>not</c>, <c>$ref</c>).</summary>
    public string Keyword { get; } = keyword;
}
