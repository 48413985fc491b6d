namespace Synapse.Templates;

/// <summary>The template source is not valid Jinja; the message names the line.</summary>
public sealed class TemplateSyntaxException(string reason, string? templateName, int line)
    : TemplateException(Locate(reason, templateName, line), reason, templateName, line);
