using System.Text.Json;

namespace Synapse.Models.Json;

/// <summary>
/// A parsed <see cref="JsonDocument"/> keeps strings as raw UTF-8 and decodes them only when read, so invalid UTF-8 or
/// an escaped lone surrogate ("\ud800") throws <see cref="InvalidOperationException"/> wherever the reader first
/// touches it. The file readers decode every string and property name once, right after parsing, instead.
/// </summary>
internal static class JsonStrings
{
    /// <summary>Decodes every string and property name; throws <see cref="InvalidOperationException"/> at the first that is not text.</summary>
    public static void DecodeAll(JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.String:
                _ = element.GetString();
                break;
            case JsonValueKind.Array:
                foreach (var item in element.EnumerateArray())
                {
                    DecodeAll(item);
                }

                break;
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                {
                    _ = property.Name;
                    DecodeAll(property.Value);
                }

                break;
        }
    }

    /// <summary>True when every string and property name is text.</summary>
    public static bool AreText(JsonElement element)
    {
        try
        {
            DecodeAll(element);
            return true;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }
}
