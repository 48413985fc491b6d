using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Synapse.Engine.Grammar;

/// <summary>
/// Builds a GBNF grammar from JSON Schemas, a port of llama.cpp's <c>common/json-schema-to-grammar.cpp</c> covering
/// what it covers: <c>type</c> (also lists), <c>properties</c>/<c>required</c>/<c>additionalProperties</c>,
/// <c>enum</c>/<c>const</c>, <c>anyOf</c>/<c>oneOf</c>/<c>allOf</c>, <c>items</c>/<c>prefixItems</c>/<c>minItems</c>/
/// <c>maxItems</c>, string <c>minLength</c>/<c>maxLength</c>/<c>pattern</c>/<c>format</c> (date, time, date-time, uuid),
/// integer bounds, local <c>$ref</c> into <c>$defs</c>/<c>definitions</c>, nullable types. As there, an object allows only
/// its declared properties unless <c>additionalProperties</c> says otherwise. A keyword whose constraint cannot be
/// enforced throws <see cref="UnsupportedSchemaException"/> rather than being silently ignored.
/// </summary>
public sealed partial class JsonSchemaGrammarBuilder
{
    /// <summary>Keywords that constrain values in ways a grammar here cannot express.</summary>
    private static readonly string[] UnsupportedKeywords =
    [
        "not", "if", "then", "else", "dependentRequired", "dependentSchemas", "dependencies", "patternProperties",
        "propertyNames", "minProperties", "maxProperties", "uniqueItems", "contains", "minContains", "maxContains",
        "multipleOf", "unevaluatedProperties", "unevaluatedItems", "additionalItems", "$dynamicRef", "$recursiveRef",
        "contentEncoding", "contentMediaType", "contentSchema",
    ];

    private readonly SortedDictionary<string, string> _rules = new(StringComparer.Ordinal) { ["space"] = GbnfPrimitives.SpaceRule };
    private readonly Dictionary<string, string> _refRules = new(StringComparer.Ordinal);
    private readonly HashSet<string> _refsBeingResolved = new(StringComparer.Ordinal);
    private JsonElement _document;
    private int _documentId;

    /// <summary>The whole grammar for values of <paramref name="schema"/>, rooted at <c>root</c>.</summary>
    public static string FromSchema(JsonElement schema)
    {
        var builder = new JsonSchemaGrammarBuilder();
        builder.AddSchema(schema, "root");
        return builder.Build();
    }

    /// <summary>
    /// Adds the rules for values of <paramref name="schema"/> (its <c>$ref</c>s resolve within it) and returns the rule
    /// name to reference. <paramref name="name"/> prefixes the new rules; <c>"root"</c> makes the schema the root rule.
    /// </summary>
    public string AddSchema(JsonElement schema, string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        _document = schema;
        _documentId++;
        return Visit(schema, name == "root" ? "" : name, null);
    }

    /// <summary>Adds a rule under exactly <paramref name="name"/> (letters, digits and '-').</summary>
    public void AddRule(string name, string body)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(body);
        if (InvalidRuleChars().IsMatch(name))
        {
            throw new ArgumentException($"A GBNF rule name holds only letters, digits and '-': '{name}'.", nameof(name));
        }

        if (_rules.TryGetValue(name, out var existing) && existing != body)
        {
            throw new ArgumentException($"The rule '{name}' is already defined differently.", nameof(name));
        }

        _rules[name] = body;
    }

    /// <summary>The grammar: every rule, one per line, sorted by name.</summary>
    public string Build()
    {
        var text = new StringBuilder();
        foreach (var (name, body) in _rules)
        {
            text.Append(name).Append(" ::= ").Append(body).Append('\n');
        }

        return text.ToString();
    }

    /// <summary>A GBNF string literal matching exactly <paramref name="text"/>.</summary>
    public static string Literal(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var result = new StringBuilder(text.Length + 2).Append('"');
        foreach (var c in text)
        {
            result.Append(c switch
            {
                '\r' => "\\r",
                '\n' => "\\n",
                '"' => "\\\"",
                '\\' => "\\\\",
                _ => c.ToString(),
            });
        }

        return result.Append('"').ToString();
    }

    /// <summary>Adds a rule, renaming it (name0, name1, …) when the name is taken by a different body.</summary>
    private string AddRuleUnique(string name, string body)
    {
        var escaped = InvalidRuleChars().Replace(name, "-");
        if (!_rules.TryGetValue(escaped, out var existing) || existing == body)
        {
            _rules[escaped] = body;
            return escaped;
        }

        var i = 0;
        while (_rules.TryGetValue(escaped + i.ToString(CultureInfo.InvariantCulture), out var other) && other != body)
        {
            i++;
        }

        var key = escaped + i.ToString(CultureInfo.InvariantCulture);
        _rules[key] = body;
        return key;
    }

    private string AddPrimitive(string name, string primitive)
    {
        var (body, dependencies) = GbnfPrimitives.Rules[primitive];
        var added = AddRuleUnique(name, body);
        foreach (var dependency in dependencies)
        {
            if (!_rules.ContainsKey(dependency))
            {
                AddPrimitive(dependency, dependency);
            }
        }

        return added;
    }

    /// <summary>The literal of a JSON value as it is written compactly.</summary>
    private static string ConstantRule(JsonElement value)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            value.WriteTo(writer);
        }

        return Literal(Encoding.UTF8.GetString(buffer.WrittenSpan));
    }

    [GeneratedRegex("[^a-zA-Z0-9-]+")]
    private static partial Regex InvalidRuleChars();
}
