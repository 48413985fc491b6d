using System.Text.Encodings.Web;
using System.Text.Json;
using Synapse.Templates;
using Synapse.Templates.Cases;

namespace Synapse.Cli.Templates;

/// <summary>
/// Renders every case of a cases file (the format of the fixtures' cases.json) and writes one JSON object per line:
/// <c>{"id", "rendered"}</c> or <c>{"id", "error"}</c>, so any set of cases can be compared with Jinja2's output.
/// </summary>
public static class CaseRunner
{
    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>Returns how many cases failed to render.</summary>
    public static int Run(IReadOnlyList<TemplateCase> cases, string templatesFolder, TextWriter output, CancellationToken cancellationToken)
    {
        var templates = new Dictionary<string, (ChatTemplate? Template, string? Error)>(StringComparer.Ordinal);
        var failures = 0;
        foreach (var item in cases)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (!templates.TryGetValue(item.TemplateFile, out var entry))
            {
                entry = Load(Path.Combine(templatesFolder, item.TemplateFile), item.TemplateFile);
                templates[item.TemplateFile] = entry;
            }

            string? rendered = null;
            var error = entry.Error;
            if (entry.Template is { } template)
            {
                try
                {
                    rendered = template.Render(item.Input, item.Clock);
                }
                catch (TemplateRenderException e)
                {
                    error = e.Message;
                }
            }

            failures += error is null ? 0 : 1;
            output.WriteLine(Line(item.Id, rendered, error));
        }

        return failures;
    }

    private static (ChatTemplate?, string?) Load(string path, string name)
    {
        try
        {
            return (ChatTemplate.Parse(File.ReadAllText(path), name), null);
        }
        catch (TemplateSyntaxException e)
        {
            return (null, e.Message);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return (null, $"cannot read template '{path}': {e.Message}");
        }
    }

    private static string Line(string id, string? rendered, string? error)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            writer.WriteStartObject();
            writer.WriteString("id", id);
            if (error is null)
            {
                writer.WriteString("rendered", rendered);
            }
            else
            {
                writer.WriteString("error", error);
            }

            writer.WriteEndObject();
        }

        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }
}
