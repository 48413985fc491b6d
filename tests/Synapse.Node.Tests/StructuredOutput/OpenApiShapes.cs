using System.Text.Json;
using System.Text.Json.Nodes;
using Json.Schema;
using Synapse.Testing;

namespace Synapse.Node.Tests.StructuredOutput;

/// <summary>Validates answers against the component schemas of OpenAI's OpenAPI document (../shared/fixtures/openai/openapi.json).</summary>
internal static class OpenApiShapes
{
    // The component schemas as one JSON Schema's $defs (OpenAPI 3.1's schemas are JSON Schema 2020-12).
    private static readonly Lazy<string> Definitions = new(() =>
    {
        var document = JsonNode.Parse(File.ReadAllText(Fixtures.Require("openai/openapi.json")))!;
        var schemas = document["components"]!["schemas"]!;
        DropDraft4Bounds(schemas);
        return schemas.ToJsonString().Replace("#/components/schemas/", "#/$defs/", StringComparison.Ordinal);
    });

    /// <summary>A few components keep draft-4's boolean exclusiveMinimum/Maximum, which 2020-12 refuses: they go.</summary>
    private static void DropDraft4Bounds(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var key in new[] { "exclusiveMinimum", "exclusiveMaximum" })
                {
                    if (obj[key] is JsonValue value && value.GetValueKind() is JsonValueKind.True or JsonValueKind.False)
                    {
                        obj.Remove(key);
                    }
                }

                foreach (var (_, child) in obj)
                {
                    DropDraft4Bounds(child);
                }

                break;
            case JsonArray array:
                foreach (var child in array)
                {
                    DropDraft4Bounds(child);
                }

                break;
        }
    }

    public static void AssertValid(JsonElement answer, string component)
    {
        var text = $$"""{"$ref":"#/$defs/{{component}}","$defs":{{Definitions.Value}}}""";
        var schema = JsonSchema.FromText(text, new BuildOptions { SchemaRegistry = new SchemaRegistry(), Dialect = Dialect.Draft202012 });
        var result = schema.Evaluate(answer, new EvaluationOptions { OutputFormat = OutputFormat.List });
        Assert.True(result.IsValid, $"not a valid {component}: {answer.GetRawText()}: " + string.Join("; ",
            (result.Details ?? []).Where(d => d.Errors is not null).Select(d => $"{d.InstanceLocation}: {string.Join(", ", d.Errors!.Values)}").Take(10)));
    }
}
