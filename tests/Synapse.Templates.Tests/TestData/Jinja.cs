using System.Text.Json;

namespace Synapse.Templates.Tests.TestData;

/// <summary>Renders a template with variables given as a JSON object (so key order and number kinds are exact).</summary>
public static class Jinja
{
    public static string Render(string source, string variablesJson = "{}", TimeProvider? clock = null)
    {
        using var document = JsonDocument.Parse(variablesJson);
        var variables = document.RootElement.EnumerateObject().ToDictionary(p => p.Name, p => (object?)p.Value.Clone());
        return JinjaTemplate.Parse(source, "test").Render(variables, clock);
    }

    public static TemplateRenderException RenderFails(string source, string variablesJson = "{}") =>
        Assert.Throws<TemplateRenderException>(() => Render(source, variablesJson));
}
