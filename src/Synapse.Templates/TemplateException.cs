namespace Synapse.Templates;

/// <summary>Base of every error a template raises, parsing or rendering.</summary>
public abstract class TemplateException(string message, string reason, string? templateName, int? line)
    : Exception(message)
{
    /// <summary>What went wrong, without the location.</summary>
    public string Reason { get; } = reason;

    public string? TemplateName { get; } = templateName;

    /// <summary>1-based line of the template source, when known.</summary>
    public int? Line { get; } = line;

    internal static string Locate(string reason, string? templateName, int? line) =>
        (templateName, line) switch
        {
            (null, null) => reason,
            (null, { } l) => $"{reason} (line {l})",
            ({ } n, null) => $"{reason} (template '{n}')",
            ({ } n, { } l) => $"{reason} (template '{n}', line {l})",
        };
}
