using System.Text.Json;

namespace Synapse.OpenAI.Serialization;

/// <summary>
/// Thrown by our converters for a value of the wrong JSON type. It stays a <see cref="JsonException"/> so the
/// serializer stamps the property path on it; <see cref="SubPath"/> adds the position inside the value.
/// </summary>
internal sealed class JsonTypeMismatchException(string expected, string got, string subPath = "")
    : JsonException($"Expected {expected}, but got {got}.")
{
    public string Expected { get; } = expected;
    public string Got { get; } = got;

    /// <summary>e.g. <c>[1]</c> or <c>[0].text</c>, appended to the property path.</summary>
    public string SubPath { get; } = subPath;
}
