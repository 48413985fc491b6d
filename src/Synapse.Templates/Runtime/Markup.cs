namespace Synapse.Templates.Runtime;

/// <summary>
/// MarkupSafe's Markup, what <c>|safe</c> and <c>|escape</c> return. It behaves as a string except that adding a
/// plain string to it HTML-escapes that string (functionary's template relies on this: <c>"..."|safe + x|tojson</c>).
/// </summary>
internal sealed record Markup(string Value)
{
    public static string Escape(string s) => s
        .Replace("&", "&amp;", StringComparison.Ordinal)
        .Replace("<", "&lt;", StringComparison.Ordinal)
        .Replace(">", "&gt;", StringComparison.Ordinal)
        .Replace("\"", "&#34;", StringComparison.Ordinal)
        .Replace("'", "&#39;", StringComparison.Ordinal);

    public override string ToString() => Value;
}
