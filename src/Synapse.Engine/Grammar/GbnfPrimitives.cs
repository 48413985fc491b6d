namespace Synapse.Engine.Grammar;

/// <summary>
/// The built-in rules of llama.cpp's JSON-schema converter, with the rules each depends on. Every unbounded part is
/// bounded here as there (at most 16 digits, at most 20 indentation characters), so numbers and whitespace end.
/// </summary>
internal static class GbnfPrimitives
{
    public const string SpaceRule = "| \" \" | \"\\n\"{1,2} [ \\t]{0,20}";

    public static readonly IReadOnlyDictionary<string, (string Body, string[] Dependencies)> Rules =
        new Dictionary<string, (string, string[])>(StringComparer.Ordinal)
        {
            ["boolean"] = ("(\"true\" | \"false\") space", []),
            ["decimal-part"] = ("[0-9]{1,16}", []),
            ["integral-part"] = ("[0] | [1-9] [0-9]{0,15}", []),
            ["number"] = ("(\"-\"? integral-part) (\".\" decimal-part)? ([eE] [-+]? integral-part)? space", ["integral-part", "decimal-part"]),
            ["integer"] = ("(\"-\"? integral-part) space", ["integral-part"]),
            ["value"] = ("object | array | string | number | boolean | null", ["object", "array", "string", "number", "boolean", "null"]),
            ["object"] = ("\"{\" space ( string \":\" space value (\",\" space string \":\" space value)* )? \"}\" space", ["string", "value"]),
            ["array"] = ("\"[\" space ( value (\",\" space value)* )? \"]\" space", ["value"]),
            ["uuid"] = ("\"\\\"\" [0-9a-fA-F]{8} \"-\" [0-9a-fA-F]{4} \"-\" [0-9a-fA-F]{4} \"-\" [0-9a-fA-F]{4} \"-\" [0-9a-fA-F]{12} \"\\\"\" space", []),
            // As llama.cpp's, except that a \u escape never names a surrogate (a lone one is not Unicode text).
            ["char"] = ("[^\"\\\\\\x7F\\x00-\\x1F] | [\\\\] ([\"\\\\bfnrt] | \"u\" ([0-9a-cA-CefEF] [0-9a-fA-F]{3} | [dD] [0-7] [0-9a-fA-F]{2}))", []),
            ["string"] = ("\"\\\"\" char* \"\\\"\" space", ["char"]),
            ["null"] = ("\"null\" space", []),
            // Stricter than llama.cpp's, which writes 31 November or 0000: only days the month has (February to the
            // 28th, so no leap-year check is needed) and years from 1000, so every date parses.
            ["date"] = ("[1-9] [0-9]{3} \"-\" ( ( \"0\" [13578] | \"1\" [02] ) \"-\" ( \"0\" [1-9] | [1-2] [0-9] | \"3\" [0-1] ) | ( \"0\" [469] | \"11\" ) \"-\" ( \"0\" [1-9] | [1-2] [0-9] | \"30\" ) | \"02\" \"-\" ( \"0\" [1-9] | \"1\" [0-9] | \"2\" [0-8] ) )", []),
            ["time"] = ("([01] [0-9] | \"2\" [0-3]) \":\" [0-5] [0-9] \":\" [0-5] [0-9] ( \".\" [0-9]{3} )? ( \"Z\" | ( \"+\" | \"-\" ) ( [01] [0-9] | \"2\" [0-3] ) \":\" [0-5] [0-9] )", []),
            ["date-time"] = ("date \"T\" time", ["date", "time"]),
            ["date-string"] = ("\"\\\"\" date \"\\\"\" space", ["date"]),
            ["time-string"] = ("\"\\\"\" time \"\\\"\" space", ["time"]),
            ["date-time-string"] = ("\"\\\"\" date-time \"\\\"\" space", ["date-time"]),
        };

    /// <summary>Names a schema-derived rule must not take (the built-ins and <c>root</c>).</summary>
    public static bool IsReserved(string name) => name == "root" || Rules.ContainsKey(name);
}
