using System.Text.Json;
using System.Text.Json.Serialization;

namespace Synapse.Models.Tests.Conversion;

/// <summary>A fixture model's <c>expected.json</c>: the reference's prompt (text and ids), greedy ids and first steps' top logits.</summary>
internal sealed record FixtureExpectation(
    [property: JsonPropertyName("prompt_text")] string PromptText,
    [property: JsonPropertyName("prompt_ids")] int[] PromptIds,
    [property: JsonPropertyName("generated_ids")] int[] GeneratedIds,
    [property: JsonPropertyName("top_logits")] FixtureTopLogits[] TopLogits,
    [property: JsonPropertyName("greedy_margins")] double[] GreedyMargins)
{
    public static FixtureExpectation Load(string modelDirectory) =>
        JsonSerializer.Deserialize<FixtureExpectation>(File.ReadAllText(Path.Combine(modelDirectory, "expected.json")))
        ?? throw new InvalidDataException($"{modelDirectory}/expected.json is empty.");
}
