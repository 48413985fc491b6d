using System.Text.Json;
using System.Text.RegularExpressions;
using Synapse.OpenAI.Errors;

namespace Synapse.OpenAI.Serialization;

/// <summary>
/// Turns a deserialization failure into OpenAI's answer: malformed JSON (the document itself does not parse) or a
/// wrong type at a path (<c>param</c> = the path without <c>$.</c>, e.g. <c>messages[0].content</c>). Runs only on
/// the error path, so it may re-read the body.
/// </summary>
internal static partial class JsonErrorMapper
{
    public static ApiError Map(Exception exception, ReadOnlySpan<byte> utf8)
    {
        if (!IsWellFormed(utf8)) return ApiError.InvalidJson();

        var path = (exception as JsonException)?.Path ?? "$";
        var mismatch = exception as JsonTypeMismatchException;
        var param = ToParam(path) + (mismatch?.SubPath ?? "");
        if (param.Length == 0 || param[0] == '[')
        {
            using var doc = JsonDocument.Parse(utf8.ToArray());
            return doc.RootElement.ValueKind == JsonValueKind.Object && mismatch is null
                ? ApiError.InvalidJson()
                : ApiError.BodyNotObject(JsonKinds.Describe(doc.RootElement));
        }

        if (mismatch is not null) return ApiError.InvalidType(param, mismatch.Expected, mismatch.Got);

        var expected = ExpectedFromMessage(exception.Message);
        var got = DescribeAt(utf8, param);
        if (expected == "an integer" && got == "an integer") return ApiError.IntegerOutOfRange(param);
        if (expected == got) return ApiError.InvalidValue(param, $"Invalid value for '{param}'.");
        return ApiError.InvalidType(param, expected, got);
    }

    /// <summary>Whether the body is one complete JSON value in valid UTF-8.</summary>
    public static bool IsWellFormed(ReadOnlySpan<byte> utf8)
    {
        try
        {
            var reader = new Utf8JsonReader(utf8, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Disallow });
            var any = false;
            while (reader.Read())
            {
                any = true;
                if (reader.TokenType is JsonTokenType.String or JsonTokenType.PropertyName) reader.GetString();
            }
            return any;
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            return false;
        }
    }

    /// <summary><c>$.messages[0].content</c> → <c>messages[0].content</c>; <c>$['a b']</c> → <c>a b</c>.</summary>
    public static string ToParam(string path)
    {
        var p = path.StartsWith('$') ? path[1..] : path;
        p = BracketName().Replace(p, ".$1");
        return p.StartsWith('.') ? p[1..] : p;
    }

    private static string ExpectedFromMessage(string message)
    {
        var match = TargetType().Match(message);
        if (!match.Success) return "a different type";
        var type = match.Groups["t"].Value;
        var nullable = NullableOf().Match(type);
        if (nullable.Success) type = nullable.Groups["t"].Value;
        return type switch
        {
            "System.String" => "a string",
            "System.Double" or "System.Single" or "System.Decimal" => "a number",
            "System.Int32" or "System.Int64" or "System.Int16" or "System.UInt32" or "System.UInt64" => "an integer",
            "System.Boolean" => "a boolean",
            _ when type.Contains("List`1", StringComparison.Ordinal) || type.EndsWith("[]", StringComparison.Ordinal) => "an array",
            _ => "an object",
        };
    }

    private static string DescribeAt(ReadOnlySpan<byte> utf8, string param)
    {
        using var doc = JsonDocument.Parse(utf8.ToArray());
        var element = doc.RootElement;
        foreach (Match segment in PathSegment().Matches(param))
        {
            if (segment.Groups["name"].Success)
            {
                if (element.ValueKind != JsonValueKind.Object || !element.TryGetProperty(segment.Groups["name"].Value, out element))
                    return "an invalid value";
            }
            else
            {
                var index = int.Parse(segment.Groups["index"].Value, System.Globalization.CultureInfo.InvariantCulture);
                if (element.ValueKind != JsonValueKind.Array || index >= element.GetArrayLength()) return "an invalid value";
                element = element[index];
            }
        }
        return JsonKinds.Describe(element);
    }

    [GeneratedRegex(@"converted to (?<t>\S+?)\.(\s|$)")]
    private static partial Regex TargetType();

    [GeneratedRegex(@"^System\.Nullable`1\[(?<t>.+)\]$")]
    private static partial Regex NullableOf();

    [GeneratedRegex(@"\['([^']*)'\]")]
    private static partial Regex BracketName();

    [GeneratedRegex(@"(?<name>[^.\[\]]+)|\[(?<index>\d+)\]")]
    private static partial Regex PathSegment();
}
