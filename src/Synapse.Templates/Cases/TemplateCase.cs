using System.Globalization;
using System.Text.Json;

namespace Synapse.Templates.Cases;

/// <summary>
/// One rendering case in the format of the fixtures' <c>chat-templates/cases.json</c>: template file name,
/// messages, tools, add_generation_prompt, bos/eos tokens (null: undefined), <c>now</c> for strftime_now,
/// extra_context, and the expected rendering or error.
/// </summary>
public sealed class TemplateCase
{
    private TemplateCase(JsonElement json)
    {
        Id = RequiredString(json, "id");
        TemplateFile = RequiredString(json, "template");
        if (!json.TryGetProperty("messages", out var messages) || messages.ValueKind != JsonValueKind.Array)
        {
            throw new FormatException($"case '{Id}': 'messages' must be an array");
        }

        Input = new ChatTemplateInput
        {
            Messages = messages,
            Tools = json.TryGetProperty("tools", out var tools) && tools.ValueKind != JsonValueKind.Null ? tools : null,
            AddGenerationPrompt = json.TryGetProperty("add_generation_prompt", out var gen) && gen.ValueKind == JsonValueKind.True,
            BosToken = OptionalString(json, "bos_token"),
            EosToken = OptionalString(json, "eos_token"),
            ExtraContext = json.TryGetProperty("extra_context", out var extra) && extra.ValueKind == JsonValueKind.Object
                ? extra.EnumerateObject().ToDictionary(p => p.Name, p => (object?)p.Value, StringComparer.Ordinal)
                : null,
        };
        Clock = OptionalString(json, "now") is { } now
            ? new FixedClock(DateTime.Parse(now, CultureInfo.InvariantCulture, DateTimeStyles.None))
            : TimeProvider.System;
        Expected = OptionalString(json, "expected");
        ExpectedError = OptionalString(json, "expected_error");
        RaisedByTemplate = json.TryGetProperty("raised_by_template", out var raised) && raised.ValueKind == JsonValueKind.True;
    }

    public string Id { get; }

    /// <summary>The template's file name, relative to the templates folder.</summary>
    public string TemplateFile { get; }

    public ChatTemplateInput Input { get; }

    /// <summary>The case's <c>now</c> (what strftime_now reads), or the system clock when it has none.</summary>
    public TimeProvider Clock { get; }

    public string? Expected { get; }

    public string? ExpectedError { get; }

    public bool RaisedByTemplate { get; }

    /// <summary>Reads a file's cases: <c>{"cases": [...]}</c> or a bare array. Throws <see cref="FormatException"/> for a malformed case.</summary>
    public static IReadOnlyList<TemplateCase> ReadAll(string json)
    {
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        var cases = root.ValueKind == JsonValueKind.Object && root.TryGetProperty("cases", out var list) ? list : root;
        if (cases.ValueKind != JsonValueKind.Array)
        {
            throw new FormatException("expected an array of cases, or an object with a 'cases' array");
        }

        return cases.EnumerateArray().Select(c => new TemplateCase(c.Clone())).ToList();
    }

    private static string RequiredString(JsonElement json, string name) =>
        json.ValueKind == JsonValueKind.Object && json.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()!
            : throw new FormatException($"a case needs a string '{name}'");

    private static string? OptionalString(JsonElement json, string name) =>
        json.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
