using System.Globalization;
using System.Text.Json;

namespace Synapse.Templates.Tests.TestData;

/// <summary>One case of chat-templates/cases.json.</summary>
public sealed record RenderCase(JsonElement Json)
{
    public string Id => Json.GetProperty("id").GetString()!;

    public string TemplateFile => Json.GetProperty("template").GetString()!;

    public string? Expected => Json.TryGetProperty("expected", out var e) ? e.GetString() : null;

    public string? ExpectedError => Json.TryGetProperty("expected_error", out var e) ? e.GetString() : null;

    public bool RaisedByTemplate => Json.TryGetProperty("raised_by_template", out var r) && r.GetBoolean();

    public ChatTemplateInput Input => new()
    {
        Messages = Json.GetProperty("messages"),
        Tools = Json.TryGetProperty("tools", out var tools) ? tools : null,
        AddGenerationPrompt = Json.GetProperty("add_generation_prompt").GetBoolean(),
        BosToken = Json.GetProperty("bos_token").GetString(),
        EosToken = Json.GetProperty("eos_token").GetString(),
        ExtraContext = Json.TryGetProperty("extra_context", out var extra)
            ? extra.EnumerateObject().ToDictionary(p => p.Name, p => (object?)p.Value)
            : null,
    };

    public TimeProvider Clock => new FixedClock(DateTime.Parse(Json.GetProperty("now").GetString()!, CultureInfo.InvariantCulture));
}
