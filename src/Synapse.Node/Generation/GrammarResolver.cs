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

        if (SchemaOf(format) is not { } schema)
        {
            return null;
        }

        try
        {
            return new GrammarConstraint(cache.Get(schema));
        }
        catch (UnsupportedSchemaException e)
        {
            throw UnsupportedSchema(e);
        }
    }

    /// <summary>
    /// The JSON Schema a JSON <c>response_format</c> asks for (any object for <c>json_object</c>, and for
    /// <c>json_schema</c> whose schema is absent or null, as the validator allows); null for text or none.
    /// </summary>
    public static JsonElement? SchemaOf(ResponseFormat? format) => format?.Type switch
    {
        ResponseFormat.JsonObjectType => AnyObject,
        ResponseFormat.JsonSchemaType => format.JsonSchema is { } definition && definition.TryGetProperty("schema", out var schema)
            && schema.ValueKind != JsonValueKind.Null ? schema : AnyObject,
        _ => null,
    };

    /// <summary>The 400 for a reply schema the converter cannot enforce, naming the keyword.</summary>
    public static ApiError UnsupportedSchema(UnsupportedSchemaException e) =>
        ApiError.UnsupportedValue(SchemaParam, $"Invalid schema for response_format: the keyword '{e.Keyword}' cannot be enforced. {e.Message}");
}
