using System.Text.Json.Serialization;

namespace Synapse.Models.Tests.Conversion;

/// <summary>One step's ten best tokens and their logits in <c>expected.json</c>.</summary>
internal sealed record FixtureTopLogits(
    [property: JsonPropertyName("step")] int Step,
    [property: JsonPropertyName("top_ids")] int[] TopIds,
    [property: JsonPropertyName("top_logits")] float[] TopLogits);
