using System.Text.Json;
using Synapse.Engine.Grammar;
using Synapse.OpenAI.Chat;
using Synapse.OpenAI.Errors;

namespace Synapse.Node.Generation;

/// <summary>
/// The grammar a request's <c>response_format</c> or raw <c>grammar</c> asks for (the validator has checked their
/// shapes and that at most one is given). JSON Schemas are converted through the shared cache; a schema the converter
/// cannot enforce is a 400 naming the keyword.
/// </summary>
public sealed class GrammarResolver(JsonSchemaGrammarCache cache)
{
    private const string SchemaParam = "response_format.json_schema.schema";

    private static readonly JsonElement AnyObject = JsonDocument.Parse("""{"type":"object"}""").RootElement.Clone();

    public GrammarConstraint? Resolve(ResponseFormat? format, string? grammar)
    {
        if (grammar is not null)
        {
            return new GrammarConstraint(grammar);
        }

        switch (format?.Type)
        {
            case ResponseFormat.JsonObjectType:
                return new GrammarConstraint(cache.Get(AnyObject));
            case ResponseFormat.JsonSchemaType:
                // No schema: any JSON object, as json_object.
                var schema = format.JsonSchema is { } definition && definition.TryGetProperty("schema", out var s) ? s : AnyObject;
                try
                {
                    return new GrammarConstraint(cache.Get(schema));
                }
                catch (UnsupportedSchemaException e)
                {
                    throw ApiError.UnsupportedValue(SchemaParam, $"Invalid schema for response_format: the keyword '{e.Keyword}' cannot be enforced. {e.Message}");
                }

            default:
                return null;
        }
    }
}
