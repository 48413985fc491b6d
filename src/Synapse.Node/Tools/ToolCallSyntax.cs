using System.Text.Json;

namespace Synapse.Node.Tools;

/// <summary>
/// One family's way of writing tool calls in generated text: the markers that open a call and how the text from a
/// marker on is read back into calls. Reading works on text that is still growing, so streams can extract calls.
/// </summary>
public abstract class ToolCallSyntax
{
    /// <summary>Text that opens a call in this family's output (empty for the generic envelope).</summary>
    public abstract IReadOnlyList<string> Markers { get; }

    /// <summary>
    /// Every marker text of the family, opening and inner ones (<c>[TOOL_CALLS]</c> and <c>[ARGS]</c>): models whose
    /// vocabulary has them as control tokens would otherwise generate them as nothing, so the engine is asked to
    /// show them (llama.cpp's "preserved tokens").
    /// </summary>
    public virtual IReadOnlyList<string> ControlMarkers => Markers;

    /// <summary>
    /// Reads the calls written from <paramref name="start"/> (where a marker begins). <paramref name="final"/> says
    /// the output has ended, so a call without its closing text is read as far as it goes.
    /// </summary>
    public abstract CallScan Scan(string text, int start, bool final);

    /// <summary>
    /// The first call after the marker at <paramref name="start"/>, once its name is complete and its arguments
    /// object has begun; null before that, or when the call is not written so (arguments first, arguments as a
    /// string): then it is handed out whole when it has ended.
    /// </summary>
    public virtual CallStart? FirstCallStart(string text, int start) => null;

    /// <summary>
    /// <c>{"name": "…", "arguments"|"parameters": {</c> from <paramref name="i"/> (after whitespace), optionally
    /// inside <paramref name="arrayOpen"/> an array: the name and where the arguments object starts.
    /// </summary>
    protected static CallStart? ObjectCallStart(string text, int i, bool arrayOpen = false)
    {
        if (arrayOpen && !Next(text, ref i, "["))
        {
            return null;
        }

        if (!Next(text, ref i, "{") || !Next(text, ref i, "\"name\"") || !Next(text, ref i, ":") || !Next(text, ref i, "\""))
        {
            return null;
        }

        var close = text.IndexOf('"', i);
        if (close < 0 || text.AsSpan(i, close - i).Contains('\\'))
        {
            // Not ended yet, or escaped (never in a function's name): read whole.
            return null;
        }

        var name = text[i..close];
        i = close + 1;
        if (name.Length == 0 || !Next(text, ref i, ","))
        {
            return null;
        }

        var key = i;
        if (!Next(text, ref i, "\"arguments\"") && !Next(text, ref key, "\"parameters\""))
        {
            return null;
        }

        i = Math.Max(i, key);
        if (!Next(text, ref i, ":"))
        {
            return null;
        }

        i = JsonValueScanner.SkipWhitespace(text, i);
        return i < text.Length && text[i] == '{' ? new CallStart(name, i) : null;
    }

    /// <summary>Moves past <paramref name="literal"/> when it follows (after whitespace).</summary>
    private static bool Next(string text, ref int i, string literal)
    {
        var j = JsonValueScanner.SkipWhitespace(text, i);
        if (j + literal.Length > text.Length || string.CompareOrdinal(text, j, literal, 0, literal.Length) != 0)
        {
            return false;
        }

        i = j + literal.Length;
        return true;
    }

    public static ToolCallSyntax For(ToolCallFormat format) => format switch
    {
        ToolCallFormat.Hermes => HermesToolCallSyntax.Instance,
        ToolCallFormat.Llama3 => Llama3ToolCallSyntax.Instance,
        ToolCallFormat.MistralNemo or ToolCallFormat.MistralArgs => MistralToolCallSyntax.Instance,
        ToolCallFormat.Phi4Mini => Phi4MiniToolCallSyntax.Instance,
        _ => GenericToolCallSyntax.Instance,
    };

    /// <summary>
    /// Reads a call written as bare JSON: <c>{"name", "arguments"|"parameters"}</c> (also OpenAI's
    /// <c>{"function": {…}}</c> shape), or an array of them. Null when the text is not that.
    /// </summary>
    public static IReadOnlyList<ParsedToolCall>? ParseBareCalls(string json)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            return ReadCalls(document.RootElement);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>An object or array of call objects; null when any element is not a call.</summary>
    protected static IReadOnlyList<ParsedToolCall>? ReadCalls(JsonElement element)
    {
        if (element.ValueKind == JsonValueKind.Object)
        {
            return ReadCall(element) is { } call ? [call] : null;
        }

        if (element.ValueKind != JsonValueKind.Array || element.GetArrayLength() == 0)
        {
            return null;
        }

        var calls = new List<ParsedToolCall>();
        foreach (var item in element.EnumerateArray())
        {
            if (ReadCall(item) is not { } call)
            {
                return null;
            }

            calls.Add(call);
        }

        return calls;
    }

    protected static ParsedToolCall? ReadCall(JsonElement element)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        if (element.TryGetProperty("function", out var function) && function.ValueKind == JsonValueKind.Object)
        {
            element = function;
        }

        if (!element.TryGetProperty("name", out var name) || name.ValueKind != JsonValueKind.String || name.GetString() is not { Length: > 0 } text)
        {
            return null;
        }

        if (!element.TryGetProperty("arguments", out var arguments) && !element.TryGetProperty("parameters", out arguments))
        {
            return new ParsedToolCall(text, "{}");
        }

        return Arguments(arguments) is { } json ? new ParsedToolCall(text, json) : null;
    }

    /// <summary>Arguments as JSON text: an object as written, or a string that holds JSON (some models quote them).</summary>
    protected static string? Arguments(JsonElement arguments)
    {
        switch (arguments.ValueKind)
        {
            case JsonValueKind.Object:
                return arguments.GetRawText();
            case JsonValueKind.String:
                var text = arguments.GetString()!;
                try
                {
                    using var inner = JsonDocument.Parse(text);
                    return inner.RootElement.ValueKind == JsonValueKind.Object ? inner.RootElement.GetRawText() : null;
                }
                catch (JsonException)
                {
                    return null;
                }

            default:
                return null;
        }
    }

    /// <summary>The JSON value from <paramref name="start"/>, when it is complete and parses.</summary>
    protected static (JsonDocument? Document, int End) ReadJson(string text, int start, bool final)
    {
        var end = JsonValueScanner.FindEnd(text, start);
        if (end < 0)
        {
            if (!final)
            {
                return (null, -1);
            }

            end = text.Length;
        }

        try
        {
            return (JsonDocument.Parse(text.AsMemory(start, end - start)), end);
        }
        catch (JsonException)
        {
            return (null, -2);
        }
    }

    /// <summary>Skips <paramref name="literal"/> (after whitespace) when it is next; a prefix of it at the end means "wait".</summary>
    protected static (bool Matched, bool NeedMore, int End) Expect(string text, int i, string literal, bool final)
    {
        var j = JsonValueScanner.SkipWhitespace(text, i);
        var available = text.Length - j;
        if (available >= literal.Length)
        {
            return string.CompareOrdinal(text, j, literal, 0, literal.Length) == 0 ? (true, false, j + literal.Length) : (false, false, i);
        }

        var isPrefix = string.CompareOrdinal(text, j, literal, 0, available) == 0;
        return (false, isPrefix && !final, i);
    }
}
