using System.Text.Json;
using Synapse.Models.Json;

namespace Synapse.Models.Conversion.Tokenizers;

/// <summary>Small helpers for reading the loosely typed JSON files of a Hugging Face model directory.</summary>
internal static class TokenizerJson
{
    public static JsonDocument? TryLoad(string directory, string fileName)
    {
        var path = Path.Combine(directory, fileName);
        if (!File.Exists(path))
        {
            return null;
        }

        JsonDocument document;
        try
        {
            using var stream = File.OpenRead(path);
            document = JsonDocument.Parse(stream, new JsonDocumentOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip, MaxDepth = 256 });
        }
        catch (JsonException ex)
        {
            throw new InvalidDataException($"'{fileName}' in '{directory}' is not valid JSON: {ex.Message}", ex);
        }

        // Decoded once here, not deep in the import (see JsonStrings).
        try
        {
            JsonStrings.DecodeAll(document.RootElement);
            return document;
        }
        catch (InvalidOperationException ex)
        {
            document.Dispose();
            throw new InvalidDataException(
                $"'{fileName}' in '{directory}' holds a string that is not valid text (invalid UTF-8 or an unpaired surrogate escape): {ex.Message}", ex);
        }
    }

    public static JsonElement? Property(this JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null
            ? value
            : null;

    public static string? String(this JsonElement element, string name) =>
        element.Property(name) is { ValueKind: JsonValueKind.String } value ? value.GetString() : null;

    public static bool? Bool(this JsonElement element, string name) =>
        element.Property(name) is { } value && value.ValueKind is JsonValueKind.True or JsonValueKind.False ? value.GetBoolean() : null;

    /// <summary>An integer property; null when absent or not an integer (Python's isinstance(x, int) checks).</summary>
    public static int? Int(this JsonElement element, string name) =>
        element.Property(name) is { ValueKind: JsonValueKind.Number } value && value.TryGetInt32(out var n) ? n : null;

    /// <summary>A special-token entry of tokenizer_config.json: a string, or an AddedToken object with "content".</summary>
    public static string? TokenContent(this JsonElement element, string name) => element.Property(name) switch
    {
        { ValueKind: JsonValueKind.String } s => s.GetString(),
        { ValueKind: JsonValueKind.Object } o => o.String("content"),
        _ => null,
    };
}
