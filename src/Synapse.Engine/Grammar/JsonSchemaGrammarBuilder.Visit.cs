using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Synapse.Engine.Grammar;

public sealed partial class JsonSchemaGrammarBuilder
{
    private string Visit(JsonElement schema, string name, string? typeOverride, bool nullableDone = false)
    {
        if (schema.ValueKind == JsonValueKind.True)
        {
            return AddRuleUnique(RuleName(name), AddPrimitive("value", "value"));
        }

        if (schema.ValueKind != JsonValueKind.Object)
        {
            throw new UnsupportedSchemaException(
                schema.ValueKind == JsonValueKind.False ? "false" : "type",
                schema.ValueKind == JsonValueKind.False ? "The schema 'false' matches no value." : "A schema must be an object or a boolean.");
        }

        foreach (var keyword in UnsupportedKeywords)
        {
            if (schema.TryGetProperty(keyword, out _))
            {
                throw new UnsupportedSchemaException(keyword, $"The JSON schema keyword '{keyword}' cannot be enforced by constrained decoding.");
            }
        }

        var ruleName = RuleName(name);
        if (!nullableDone && schema.TryGetProperty("nullable", out var nullable) && nullable.ValueKind == JsonValueKind.True)
        {
            var inner = Visit(schema, name + (name.Length == 0 ? "" : "-") + "nonnull", typeOverride, nullableDone: true);
            return AddRuleUnique(ruleName, inner + " | " + AddPrimitive("null", "null"));
        }

        if (schema.TryGetProperty("$ref", out var reference))
        {
            if (reference.ValueKind != JsonValueKind.String)
            {
                throw new UnsupportedSchemaException("$ref", "'$ref' must be a string.");
            }

            return AddRuleUnique(ruleName, ResolveRef(reference.GetString()!));
        }

        if (schema.TryGetProperty("oneOf", out var alternatives) || schema.TryGetProperty("anyOf", out alternatives))
        {
            var keyword = schema.TryGetProperty("oneOf", out _) ? "oneOf" : "anyOf";
            var rules = new List<string>();
            var i = 0;
            foreach (var alternative in Array(alternatives, keyword))
            {
                rules.Add(Visit(alternative, name + (name.Length == 0 ? "alternative-" : "-") + i.ToString(CultureInfo.InvariantCulture), null));
                i++;
            }

            return AddRuleUnique(ruleName, string.Join(" | ", rules));
        }

        var type = typeOverride;
        if (type is null && schema.TryGetProperty("type", out var typeElement))
        {
            if (typeElement.ValueKind == JsonValueKind.Array)
            {
                var rules = new List<string>();
                var i = 0;
                foreach (var t in typeElement.EnumerateArray())
                {
                    rules.Add(Visit(schema, name + (name.Length == 0 ? "alternative-" : "-") + i.ToString(CultureInfo.InvariantCulture), TypeName(t), nullableDone: true));
                    i++;
                }

                if (rules.Count == 0)
                {
                    throw new UnsupportedSchemaException("type", "An empty 'type' list matches no value.");
                }

                return AddRuleUnique(ruleName, string.Join(" | ", rules));
            }

            type = TypeName(typeElement);
        }

        if (schema.TryGetProperty("const", out var constant))
        {
            return AddRuleUnique(ruleName, ConstantRule(constant) + " space");
        }

        if (schema.TryGetProperty("enum", out var values))
        {
            var literals = Array(values, "enum").Select(ConstantRule).ToList();
            if (literals.Count == 0)
            {
                throw new UnsupportedSchemaException("enum", "An empty 'enum' matches no value.");
            }

            return AddRuleUnique(ruleName, "(" + string.Join(" | ", literals) + ") space");
        }

        var hasAdditional = schema.TryGetProperty("additionalProperties", out var additional);
        if ((type is null or "object")
            && (schema.TryGetProperty("properties", out _) || (hasAdditional && additional.ValueKind != JsonValueKind.True)))
        {
            var required = RequiredNames(schema);
            var properties = new List<(string, JsonElement)>();
            if (schema.TryGetProperty("properties", out var declared))
            {
                if (declared.ValueKind != JsonValueKind.Object)
                {
                    throw new UnsupportedSchemaException("properties", "'properties' must be an object.");
                }

                foreach (var property in declared.EnumerateObject())
                {
                    properties.Add((property.Name, property.Value));
                }
            }

            return AddRuleUnique(ruleName, BuildObjectRule(properties, required, name, hasAdditional ? additional : null));
        }

        if ((type is null or "object" or "string") && schema.TryGetProperty("allOf", out var components))
        {
            return AddRuleUnique(ruleName, AllOfRule(components, name));
        }

        if (type is null or "array")
        {
            var hasItems = schema.TryGetProperty("items", out var items);
            if (schema.TryGetProperty("prefixItems", out var prefixItems) || (hasItems && items.ValueKind == JsonValueKind.Array))
            {
                var tuple = prefixItems.ValueKind == JsonValueKind.Array ? prefixItems : items;
                if (prefixItems.ValueKind == JsonValueKind.Array && hasItems && items.ValueKind != JsonValueKind.False)
                {
                    throw new UnsupportedSchemaException("items", "'items' beside 'prefixItems' can only be false.");
                }

                var rule = new StringBuilder("\"[\" space ");
                var i = 0;
                foreach (var item in tuple.EnumerateArray())
                {
                    if (i > 0)
                    {
                        rule.Append(" \",\" space ");
                    }

                    rule.Append(Visit(item, name + (name.Length == 0 ? "" : "-") + "tuple-" + i.ToString(CultureInfo.InvariantCulture), null));
                    i++;
                }

                rule.Append(" \"]\" space");
                return AddRuleUnique(ruleName, rule.ToString());
            }

            var minItems = Count(schema, "minItems") ?? 0;
            var maxItems = Count(schema, "maxItems");
            if (hasItems || type is "array" && (minItems > 0 || maxItems is not null))
            {
                var itemRule = hasItems
                    ? Visit(items, name + (name.Length == 0 ? "" : "-") + "item", null)
                    : AddPrimitive("value", "value");
                return AddRuleUnique(ruleName, "\"[\" space " + Repetition(itemRule, minItems, maxItems ?? int.MaxValue, "\",\" space") + " \"]\" space");
            }
        }

        if (type is null or "string" && schema.TryGetProperty("pattern", out var pattern))
        {
            if (pattern.ValueKind != JsonValueKind.String)
            {
                throw new UnsupportedSchemaException("pattern", "'pattern' must be a string.");
            }

            return VisitPattern(pattern.GetString()!, ruleName);
        }

        if (type is null or "string" && schema.TryGetProperty("format", out var formatElement))
        {
            var format = formatElement.GetString() ?? "";
            if (format is "uuid" or "uuid1" or "uuid2" or "uuid3" or "uuid4" or "uuid5")
            {
                return AddPrimitive(ruleName == "root" ? "root" : format, "uuid");
            }

            if (format is "date" or "time" or "date-time")
            {
                return AddRuleUnique(ruleName, AddPrimitive(format + "-string", format + "-string"));
            }

            throw new UnsupportedSchemaException("format", $"The string format '{format}' cannot be enforced (supported: date, time, date-time, uuid).");
        }

        if (type == "string" && (schema.TryGetProperty("minLength", out _) || schema.TryGetProperty("maxLength", out _)))
        {
            var charRule = AddPrimitive("char", "char");
            var minLength = Count(schema, "minLength") ?? 0;
            var maxLength = Count(schema, "maxLength") ?? int.MaxValue;
            return AddRuleUnique(ruleName, "\"\\\"\" " + Repetition(charRule, minLength, maxLength) + " \"\\\"\" space");
        }

        if (type is "integer" or "number" && HasBounds(schema))
        {
            if (type == "number")
            {
                var range = NumberRangeRule.Build(
                    Tighter(DecimalBound(schema, "minimum", inclusive: true), DecimalBound(schema, "exclusiveMinimum", inclusive: false), lower: true),
                    Tighter(DecimalBound(schema, "maximum", inclusive: true), DecimalBound(schema, "exclusiveMaximum", inclusive: false), lower: false));
                return range is null
                    ? throw new UnsupportedSchemaException("minimum", "The number bounds leave no value.")
                    : AddRuleUnique(ruleName, "(" + range + ") space");
            }

            long? min = Bound(schema, "minimum") ?? Bound(schema, "exclusiveMinimum") + 1;
            long? max = Bound(schema, "maximum") ?? Bound(schema, "exclusiveMaximum") - 1;
            if (min > max)
            {
                throw new UnsupportedSchemaException("minimum", "The integer bounds leave no value.");
            }

            return AddRuleUnique(ruleName, "(" + IntegerRangeRule.Build(min, max) + ") space");
        }

        if (type is null && !HasConstraints(schema) || type == "object")
        {
            return AddRuleUnique(ruleName, AddPrimitive(type is null ? "value" : "object", type is null ? "value" : "object"));
        }

        if (type is null)
        {
            return AddRuleUnique(ruleName, AddPrimitive("value", "value"));
        }

        if (!GbnfPrimitives.Rules.ContainsKey(type) || type is "value" or "uuid" or "char")
        {
            throw new UnsupportedSchemaException("type", $"Unknown type '{type}'.");
        }

        return AddPrimitive(ruleName == "root" ? "root" : type, type);
    }

    private static string RuleName(string name) =>
        GbnfPrimitives.IsReserved(name) ? name + "-" : name.Length == 0 ? "root" : name;

    private static string TypeName(JsonElement type) =>
        type.ValueKind == JsonValueKind.String && type.GetString() is { } name
            ? name
            : throw new UnsupportedSchemaException("type", "'type' must be a string or a list of strings.");

    private static JsonElement.ArrayEnumerator Array(JsonElement element, string keyword) =>
        element.ValueKind == JsonValueKind.Array
            ? element.EnumerateArray()
            : throw new UnsupportedSchemaException(keyword, $"'{keyword}' must be an array.");

    private static HashSet<string> RequiredNames(JsonElement schema)
    {
        var required = new HashSet<string>(StringComparer.Ordinal);
        if (schema.TryGetProperty("required", out var list) && list.ValueKind == JsonValueKind.Array)
        {
            foreach (var item in list.EnumerateArray())
            {
                if (item.ValueKind == JsonValueKind.String)
                {
                    required.Add(item.GetString()!);
                }
            }
        }

        return required;
    }

    private static int? Count(JsonElement schema, string keyword)
    {
        if (!schema.TryGetProperty(keyword, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        return value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var count) && count >= 0
            ? count
            : throw new UnsupportedSchemaException(keyword, $"'{keyword}' must be a non-negative integer.");
    }

    private static bool HasBounds(JsonElement schema) =>
        schema.TryGetProperty("minimum", out _) || schema.TryGetProperty("exclusiveMinimum", out _)
        || schema.TryGetProperty("maximum", out _) || schema.TryGetProperty("exclusiveMaximum", out _);

    private static NumberRangeRule.Bound? DecimalBound(JsonElement schema, string keyword, bool inclusive)
    {
        if (!schema.TryGetProperty(keyword, out var value))
        {
            return null;
        }

        return value.ValueKind == JsonValueKind.Number && value.TryGetDecimal(out var number) && Math.Abs(number) <= 9007199254740992m
            ? new NumberRangeRule.Bound(number, inclusive)
            : throw new UnsupportedSchemaException(keyword, $"'{keyword}' must be a number within ±2^53.");
    }

    /// <summary>Of an inclusive and an exclusive bound on the same side, the one that allows less.</summary>
    private static NumberRangeRule.Bound? Tighter(NumberRangeRule.Bound? inclusive, NumberRangeRule.Bound? exclusive, bool lower)
    {
        if (inclusive is not { } a || exclusive is not { } b)
        {
            return inclusive ?? exclusive;
        }

        if (a.Value == b.Value)
        {
            return b;
        }

        return lower == (a.Value > b.Value) ? a : b;
    }

    private static long? Bound(JsonElement schema, string keyword)
    {
        if (!schema.TryGetProperty(keyword, out var value))
        {
            return null;
        }

        if (value.ValueKind == JsonValueKind.Number && value.TryGetDouble(out var number) && Math.Abs(number) <= 9007199254740992)
        {
            // An integer bound of a fractional value: the nearest integers inside it.
            return keyword.Contains("inimum", StringComparison.Ordinal) ? (long)Math.Ceiling(number) : (long)Math.Floor(number);
        }

        throw new UnsupportedSchemaException(keyword, $"'{keyword}' must be a number within ±2^53.");
    }

    /// <summary>Whether the schema constrains anything a grammar must enforce (annotations like description do not).</summary>
    private static bool HasConstraints(JsonElement schema)
    {
        foreach (var property in schema.EnumerateObject())
        {
            if (property.Name is not ("title" or "description" or "default" or "examples" or "$schema" or "$id" or "$comment"
                or "deprecated" or "readOnly" or "writeOnly" or "$defs" or "definitions" or "nullable" or "strict"))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// <paramref name="itemRule"/> between <paramref name="minItems"/> and <paramref name="maxItems"/> times, with
    /// <paramref name="separatorRule"/> between items (llama.cpp's <c>build_repetition</c>).
    /// </summary>
    private static string Repetition(string itemRule, int minItems, int maxItems, string separatorRule = "")
    {
        var hasMax = maxItems != int.MaxValue;
        if (maxItems == 0)
        {
            return "";
        }

        if (minItems == 0 && maxItems == 1)
        {
            return itemRule + "?";
        }

        if (separatorRule.Length == 0)
        {
            if (minItems == 1 && !hasMax)
            {
                return itemRule + "+";
            }

            if (minItems == 0 && !hasMax)
            {
                return itemRule + "*";
            }

            return itemRule + "{" + minItems.ToString(CultureInfo.InvariantCulture) + "," + (hasMax ? maxItems.ToString(CultureInfo.InvariantCulture) : "") + "}";
        }

        var result = itemRule + " " + Repetition("(" + separatorRule + " " + itemRule + ")", minItems == 0 ? 0 : minItems - 1, hasMax ? maxItems - 1 : maxItems);
        return minItems == 0 ? "(" + result + ")?" : result;
    }

    private string ResolveRef(string reference)
    {
        var hash = reference.IndexOf('#', StringComparison.Ordinal);
        if (hash != 0)
        {
            throw new UnsupportedSchemaException("$ref", $"Only references inside the schema ('#/...') are supported, not '{reference}'.");
        }

        var key = _documentId.ToString(CultureInfo.InvariantCulture) + reference;
        if (_refRules.TryGetValue(key, out var known))
        {
            return known;
        }

        var baseName = InvalidRuleChars().Replace("ref" + reference[1..], "-");
        var ruleName = baseName;
        for (var i = 0; _rules.ContainsKey(ruleName) || _refRules.ContainsValue(ruleName); i++)
        {
            ruleName = baseName + i.ToString(CultureInfo.InvariantCulture);
        }

        // Known before it is visited, so a recursive reference names the rule being defined.
        _refRules[key] = ruleName;
        var target = Pointer(reference[1..], reference);
        var visited = Visit(target, ruleName, null);
        if (visited != ruleName && !_rules.ContainsKey(ruleName))
        {
            _rules[ruleName] = visited;
        }

        return ruleName;
    }

    private JsonElement Pointer(string pointer, string reference)
    {
        var target = _document;
        if (pointer.Length == 0)
        {
            return target;
        }

        foreach (var raw in pointer.Split('/').Skip(1))
        {
            var token = Uri.UnescapeDataString(raw).Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal);
            if (target.ValueKind == JsonValueKind.Object && target.TryGetProperty(token, out var child))
            {
                target = child;
            }
            else if (target.ValueKind == JsonValueKind.Array && int.TryParse(token, NumberStyles.None, CultureInfo.InvariantCulture, out var index) && index < target.GetArrayLength())
            {
                target = target[index];
            }
            else
            {
                throw new UnsupportedSchemaException("$ref", $"The reference '{reference}' points at nothing in the schema.");
            }
        }

        return target;
    }

    private string AllOfRule(JsonElement components, string name)
    {
        var required = new HashSet<string>(StringComparer.Ordinal);
        var properties = new List<(string, JsonElement)>();
        var enumCounts = new SortedDictionary<string, int>(StringComparer.Ordinal);
        var count = 0;

        void AddComponent(JsonElement component, bool isRequired, int depth)
        {
            if (component.ValueKind != JsonValueKind.Object || depth > 32)
            {
                throw new UnsupportedSchemaException("allOf", "An 'allOf' component must be an object schema.");
            }

            if (component.TryGetProperty("$ref", out var reference) && reference.GetString() is { } text && text.StartsWith('#'))
            {
                AddComponent(Pointer(text[1..], text), isRequired, depth + 1);
            }
            else if (component.TryGetProperty("properties", out var declared) && declared.ValueKind == JsonValueKind.Object)
            {
                var componentRequired = RequiredNames(component);
                foreach (var property in declared.EnumerateObject())
                {
                    properties.Add((property.Name, property.Value));
                    if (isRequired && (componentRequired.Count == 0 || componentRequired.Contains(property.Name)))
                    {
                        required.Add(property.Name);
                    }
                }
            }
            else if (component.TryGetProperty("enum", out var values))
            {
                foreach (var value in Array(values, "enum"))
                {
                    var rule = ConstantRule(value);
                    enumCounts[rule] = enumCounts.GetValueOrDefault(rule) + 1;
                }
            }
            else
            {
                throw new UnsupportedSchemaException("allOf", "'allOf' is supported over object schemas with 'properties', enums and local '$ref's only.");
            }
        }

        foreach (var component in Array(components, "allOf"))
        {
            count++;
            if (component.ValueKind == JsonValueKind.Object && component.TryGetProperty("anyOf", out var alternatives))
            {
                foreach (var alternative in Array(alternatives, "anyOf"))
                {
                    AddComponent(alternative, false, 0);
                }
            }
            else
            {
                AddComponent(component, true, 0);
            }
        }

        var intersection = enumCounts.Where(p => p.Value == count).Select(p => p.Key).ToList();
        if (intersection.Count > 0)
        {
            return "(" + string.Join(" | ", intersection) + ") space";
        }

        return BuildObjectRule(properties, required, name, null);
    }

    private string BuildObjectRule(List<(string Name, JsonElement Schema)> properties, HashSet<string> required, string name, JsonElement? additional)
    {
        var requiredProperties = new List<string>();
        var optionalProperties = new List<string>();
        var kvRules = new Dictionary<string, string>(StringComparer.Ordinal);
        var prefix = name + (name.Length == 0 ? "" : "-");
        foreach (var (propertyName, propertySchema) in properties)
        {
            var valueRule = Visit(propertySchema, prefix + propertyName, null);
            kvRules[propertyName] = AddRuleUnique(prefix + propertyName + "-kv", Literal(JsonString(propertyName)) + " space \":\" space " + valueRule);
            (required.Contains(propertyName) ? requiredProperties : optionalProperties).Add(propertyName);
        }

        if (additional is { } extra && (extra.ValueKind is JsonValueKind.True or JsonValueKind.Object))
        {
            var subName = prefix + "additional";
            var valueRule = extra.ValueKind == JsonValueKind.Object ? Visit(extra, subName + "-value", null) : AddPrimitive("value", "value");
            var keyRule = properties.Count == 0
                ? AddPrimitive("string", "string")
                : AddRuleUnique(subName + "-k", NotStrings(properties.Select(p => p.Name)));
            kvRules["*"] = AddRuleUnique(subName + "-kv", keyRule + " \":\" space " + valueRule);
            optionalProperties.Add("*");
        }
        else if (additional is { } other && other.ValueKind is not (JsonValueKind.False or JsonValueKind.Null))
        {
            throw new UnsupportedSchemaException("additionalProperties", "'additionalProperties' must be a boolean or a schema.");
        }

        var rule = new StringBuilder("\"{\" space ");
        for (var i = 0; i < requiredProperties.Count; i++)
        {
            if (i > 0)
            {
                rule.Append(" \",\" space ");
            }

            rule.Append(kvRules[requiredProperties[i]]);
        }

        if (optionalProperties.Count > 0)
        {
            rule.Append(" (");
            if (requiredProperties.Count > 0)
            {
                rule.Append(" \",\" space ( ");
            }

            string RecursiveRefs(List<string> keys, bool firstIsOptional)
            {
                if (keys.Count == 0)
                {
                    return "";
                }

                var k = keys[0];
                var kvRule = kvRules[k];
                var commaRef = "( \",\" space " + kvRule + " )";
                var result = firstIsOptional
                    ? commaRef + (k == "*" ? "*" : "?")
                    : kvRule + (k == "*" ? " " + commaRef + "*" : "");
                if (keys.Count > 1)
                {
                    result += " " + AddRuleUnique(prefix + k + "-rest", RecursiveRefs(keys.GetRange(1, keys.Count - 1), true));
                }

                return result;
            }

            for (var i = 0; i < optionalProperties.Count; i++)
            {
                if (i > 0)
                {
                    rule.Append(" | ");
                }

                rule.Append(RecursiveRefs(optionalProperties.GetRange(i, optionalProperties.Count - i), false));
            }

            if (requiredProperties.Count > 0)
            {
                rule.Append(" )");
            }

            rule.Append(" )?");
        }

        rule.Append(" \"}\" space");
        return rule.ToString();
    }

    /// <summary>A JSON string that is none of <paramref name="strings"/> (llama.cpp's <c>_not_strings</c>, a trie of rejections).</summary>
    private string NotStrings(IEnumerable<string> strings)
    {
        var trie = new TrieNode();
        foreach (var s in strings)
        {
            trie.Insert(s);
        }

        var charRule = AddPrimitive("char", "char");
        var output = new StringBuilder("[\"] ( ");

        void VisitNode(TrieNode node)
        {
            var rejects = new StringBuilder();
            var first = true;
            foreach (var (c, child) in node.Children)
            {
                rejects.Append(RangeChar(c));
                if (first)
                {
                    first = false;
                }
                else
                {
                    output.Append(" | ");
                }

                output.Append('[').Append(RangeChar(c)).Append(']');
                if (child.Children.Count > 0)
                {
                    output.Append(" (");
                    VisitNode(child);
                    output.Append(')');
                }
                else if (child.IsEnd)
                {
                    output.Append(' ').Append(charRule).Append('+');
                }
            }

            if (node.Children.Count > 0)
            {
                if (!first)
                {
                    output.Append(" | ");
                }

                output.Append("[^\"").Append(rejects).Append("] ").Append(charRule).Append('*');
            }
        }

        VisitNode(trie);
        output.Append(" )");
        if (!trie.IsEnd)
        {
            output.Append('?');
        }

        output.Append(" [\"] space");
        return output.ToString();
    }

    private static string RangeChar(char c) => c switch
    {
        '\r' => "\\r",
        '\n' => "\\n",
        '"' => "\\\"",
        '-' => "\\-",
        ']' => "\\]",
        '\\' => "\\\\",
        '^' => "\\^",
        _ => c.ToString(),
    };

    private static string JsonString(string text)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            writer.WriteStringValue(text);
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private sealed class TrieNode
    {
        public SortedDictionary<char, TrieNode> Children { get; } = [];

        public bool IsEnd { get; private set; }

        public void Insert(string text)
        {
            var node = this;
            foreach (var c in text)
            {
                if (!node.Children.TryGetValue(c, out var child))
                {
                    child = new TrieNode();
                    node.Children[c] = child;
                }

                node = child;
            }

            node.IsEnd = true;
        }
    }
}
