namespace Synapse.Testing.Grammar;

/// <summary>
/// JSON Schemas for structured-output tests and benchmarks: nested objects, arrays, enums, anyOf/oneOf/allOf, $ref,
/// formats, patterns and bounds. Every one bounds its values (strings by maxLength, enum, format or pattern, arrays by
/// maxItems, numbers by the grammar's digit limits), so even a random-weight model's constrained reply always ends.
/// </summary>
public static class TestSchemas
{
    public static IReadOnlyList<(string Name, string Schema)> All { get; } =
    [
        ("name", """{"type":"object","properties":{"name":{"type":"string","maxLength":8}},"required":["name"],"additionalProperties":false}"""),
        ("color", """{"type":"string","enum":["red","green","blue"]}"""),
        ("bounded_integer", """{"type":"integer","minimum":-50,"maximum":1234}"""),
        ("maybe_flag", """{"type":["boolean","null"]}"""),
        ("digits", """{"type":"array","items":{"type":"integer","minimum":0,"maximum":9},"minItems":1,"maxItems":4}"""),
        ("nested_point", """{"type":"object","properties":{"point":{"type":"object","properties":{"x":{"type":"integer","minimum":0,"maximum":100},"y":{"type":"integer","minimum":-100,"maximum":0}},"required":["x","y"],"additionalProperties":false},"label":{"type":"string","maxLength":5}},"required":["point","label"],"additionalProperties":false}"""),
        ("int_or_word", """{"anyOf":[{"type":"integer","minimum":0,"maximum":10},{"type":"string","maxLength":4}]}"""),
        ("ref_items", """{"$defs":{"item":{"type":"object","properties":{"id":{"type":"integer","minimum":1,"maximum":999},"ok":{"type":"boolean"}},"required":["id","ok"],"additionalProperties":false}},"type":"object","properties":{"items":{"type":"array","items":{"$ref":"#/$defs/item"},"maxItems":3}},"required":["items"],"additionalProperties":false}"""),
        ("const_kind", """{"type":"object","properties":{"kind":{"const":"point"},"value":{"type":"number"}},"required":["kind","value"],"additionalProperties":false}"""),
        ("date", """{"type":"object","properties":{"when":{"type":"string","format":"date"}},"required":["when"],"additionalProperties":false}"""),
        ("uuid", """{"type":"string","format":"uuid"}"""),
        ("timestamps", """{"type":"object","properties":{"at":{"type":"string","format":"date-time"},"time":{"type":"string","format":"time"}},"required":["at","time"],"additionalProperties":false}"""),
        ("tuple", """{"type":"array","prefixItems":[{"type":"integer","minimum":0,"maximum":5},{"type":"string","maxLength":3}],"items":false}"""),
        ("optional_fields", """{"type":"object","properties":{"a":{"type":"integer","minimum":0,"maximum":5},"b":{"type":"boolean"},"c":{"type":"string","maxLength":3}},"required":["a"],"additionalProperties":false}"""),
        ("shape_one_of", """{"oneOf":[{"type":"object","properties":{"shape":{"const":"circle"},"r":{"type":"integer","minimum":1,"maximum":9}},"required":["shape","r"],"additionalProperties":false},{"type":"object","properties":{"shape":{"const":"square"},"side":{"type":"integer","minimum":1,"maximum":9}},"required":["shape","side"],"additionalProperties":false}]}"""),
        ("all_of", """{"allOf":[{"type":"object","properties":{"first":{"type":"string","maxLength":4}},"required":["first"]},{"type":"object","properties":{"second":{"type":"integer","minimum":0,"maximum":3}},"required":["second"]}]}"""),
        ("nullable_note", """{"type":"object","properties":{"note":{"type":["string","null"],"maxLength":6}},"required":["note"],"additionalProperties":false}"""),
        ("code_pattern", """{"type":"string","pattern":"^[a-z]{2,4}-[0-9]{1,3}$"}"""),
        ("short_text", """{"type":"string","minLength":2,"maxLength":5}"""),
        ("exclusive_bounds", """{"type":"integer","exclusiveMinimum":0,"exclusiveMaximum":100}"""),
        ("mixed_enum_list", """{"type":"array","items":{"enum":["a","b",1,true,null]},"maxItems":5}"""),
        ("person", """{"$schema":"http://json-schema.org/draft-07/schema#","type":"object","properties":{"name":{"type":"string","maxLength":6},"age":{"type":"integer","minimum":0,"maximum":120},"role":{"type":"string","enum":["admin","user"]},"tags":{"type":"array","items":{"type":"string","maxLength":3},"maxItems":2},"address":{"$ref":"#/definitions/address"}},"required":["name","age","role","tags","address"],"additionalProperties":false,"definitions":{"address":{"type":"object","properties":{"zip":{"type":"string","pattern":"^[0-9]{5}$"},"city":{"anyOf":[{"type":"string","maxLength":5},{"type":"null"}]}},"required":["zip","city"],"additionalProperties":false}}}"""),
        ("bounded_numbers", """{"type":"object","properties":{"ratio":{"type":"number","exclusiveMinimum":0,"exclusiveMaximum":1},"temperature":{"type":"number","minimum":-5.5,"maximum":10},"price":{"type":"number","minimum":0.01}},"required":["ratio","temperature","price"],"additionalProperties":false}"""),
    ];
}
