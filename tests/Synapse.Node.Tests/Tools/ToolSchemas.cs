namespace Synapse.Node.Tests.Tools;

/// <summary>
/// Parameter schemas for the constrained-call tests: nested objects, arrays, enums, anyOf, $ref, formats and
/// bounds. Strings and arrays are bounded (maxLength/maxItems) because a random-weight model inside an unbounded
/// string rarely picks the closing quote, and the reply must end within max_tokens to be whole.
/// </summary>
internal static class ToolSchemas
{
    public static readonly (string Name, string Schema)[] All =
    [
        ("get_weather", """{"type":"object","properties":{"city":{"type":"string","maxLength":8},"unit":{"type":"string","enum":["celsius","fahrenheit"]}},"required":["city","unit"],"additionalProperties":false}"""),
        ("set_flag", """{"type":"object","properties":{"on":{"type":"boolean"}},"required":["on"]}"""),
        ("count", """{"type":"object","properties":{"n":{"type":"integer","minimum":0,"maximum":99}},"required":["n"]}"""),
        ("scale", """{"type":"object","properties":{"factor":{"type":"number"}},"required":["factor"]}"""),
        ("set_ratio", """{"type":"object","properties":{"ratio":{"type":"number","exclusiveMinimum":0,"exclusiveMaximum":1},"offset":{"type":"number","minimum":-5.5,"maximum":10}},"required":["ratio","offset"],"additionalProperties":false}"""),
        ("pick_color", """{"type":"object","properties":{"color":{"enum":["red","green","blue",1,null]}},"required":["color"]}"""),
        ("tag_items", """{"type":"object","properties":{"tags":{"type":"array","items":{"type":"string","maxLength":4},"minItems":1,"maxItems":3}},"required":["tags"]}"""),
        ("move", """{"type":"object","properties":{"to":{"type":"object","properties":{"x":{"type":"integer","minimum":-5,"maximum":5},"y":{"type":"integer","minimum":-5,"maximum":5}},"required":["x","y"]}},"required":["to"]}"""),
        ("nested", """{"type":"object","properties":{"a":{"type":"object","properties":{"b":{"type":"object","properties":{"c":{"type":"string","maxLength":3}},"required":["c"]}},"required":["b"]}},"required":["a"]}"""),
        ("either", """{"type":"object","properties":{"value":{"anyOf":[{"type":"integer","minimum":0,"maximum":9},{"type":"string","maxLength":3},{"type":"null"}]}},"required":["value"]}"""),
        ("one_of", """{"type":"object","properties":{"shape":{"oneOf":[{"type":"object","properties":{"kind":{"const":"circle"},"r":{"type":"integer","minimum":1,"maximum":9}},"required":["kind","r"]},{"type":"object","properties":{"kind":{"const":"square"},"side":{"type":"integer","minimum":1,"maximum":9}},"required":["kind","side"]}]}},"required":["shape"]}"""),
        ("with_ref", """{"type":"object","$defs":{"point":{"type":"object","properties":{"x":{"type":"integer","minimum":0,"maximum":9},"y":{"type":"integer","minimum":0,"maximum":9}},"required":["x","y"]}},"properties":{"from":{"$ref":"#/$defs/point"},"to":{"$ref":"#/$defs/point"}},"required":["from","to"]}"""),
        ("ref_array", """{"type":"object","$defs":{"item":{"type":"object","properties":{"id":{"type":"integer","minimum":0,"maximum":999},"ok":{"type":"boolean"}},"required":["id","ok"]}},"properties":{"items":{"type":"array","items":{"$ref":"#/$defs/item"},"maxItems":2}},"required":["items"]}"""),
        ("book", """{"type":"object","properties":{"date":{"type":"string","format":"date"},"guests":{"type":"integer","minimum":1,"maximum":8}},"required":["date","guests"]}"""),
        ("schedule", """{"type":"object","properties":{"at":{"type":"string","format":"date-time"}},"required":["at"]}"""),
        ("lookup", """{"type":"object","properties":{"id":{"type":"string","format":"uuid"}},"required":["id"]}"""),
        ("code", """{"type":"object","properties":{"zip":{"type":"string","pattern":"^[0-9]{5}$"}},"required":["zip"]}"""),
        ("optional", """{"type":"object","properties":{"q":{"type":"string","maxLength":5},"limit":{"type":"integer","minimum":1,"maximum":50}},"required":["q"]}"""),
        ("nullable", """{"type":"object","properties":{"note":{"type":["string","null"],"maxLength":6}},"required":["note"]}"""),
        ("tuple", """{"type":"object","properties":{"pair":{"type":"array","prefixItems":[{"type":"integer","minimum":0,"maximum":9},{"type":"string","enum":["a","b"]}],"items":false,"minItems":2,"maxItems":2}},"required":["pair"]}"""),
        ("all_of", """{"type":"object","properties":{"p":{"allOf":[{"type":"object","properties":{"a":{"type":"integer","minimum":0,"maximum":3}},"required":["a"]},{"type":"object","properties":{"b":{"type":"boolean"}},"required":["b"]}]}},"required":["p"]}"""),
        ("matrix", """{"type":"object","properties":{"rows":{"type":"array","items":{"type":"array","items":{"type":"integer","minimum":0,"maximum":9},"minItems":1,"maxItems":2},"minItems":1,"maxItems":2}},"required":["rows"]}"""),
        ("short_text", """{"type":"object","properties":{"text":{"type":"string","minLength":2,"maxLength":6}},"required":["text"]}"""),
        ("no_args", """{"type":"object","properties":{}}"""),
    ];
}
