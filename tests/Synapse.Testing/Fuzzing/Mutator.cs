using System.Globalization;
using System.Text;

namespace Synapse.Testing.Fuzzing;

/// <summary>
/// A small seeded mutation fuzzer: the same seed gives the same inputs, so a failure is replayed by its seed.
/// Text mutations aim at JSON (wrong types, extreme numbers, lone surrogates, invalid UTF-8, truncation, deep
/// nesting, duplicated keys, bounded huge arrays); byte mutations aim at binary headers (flipped bits, extreme
/// lengths and counts, truncation).
/// </summary>
public sealed class Mutator(int seed)
{
    /// <summary>Tokens that replace a JSON value: wrong types and extreme or odd numbers.</summary>
    private static readonly string[] Values =
    [
        "1e308", "-1e308", "1e309", "-0", "0", "-1", "1", "2", "0.5", "1e-320", "4.9e-324", "3.4028236e38", "-3.4028236e38",
        "9223372036854775808", "-9223372036854775809", "2147483648", "-2147483649", "18446744073709551616", "1" + new string('0', 400),
        "\"NaN\"", "\"Infinity\"", "\"-Infinity\"", "NaN", "Infinity", "\"1e308\"", "null", "true", "false", "\"\"", "[]", "{}", "[null]",
        "\"\\ud800\"", "\"\\udfff\"", "\"a\\ud800b\"", "\"\\u0000\"", "{\"a\":1,\"a\":2}", "[[[[[[]]]]]]", "\"x\"",
        "{\"role\":\"user\",\"content\":\"hi\"}", "[{\"role\":\"user\",\"content\":\"hi\"}]", "[{\"type\":\"text\",\"text\":\"hi\"}]",
        "[{\"role\":\"user\",\"content\":\"hi\",\"x\":\"\\ud800\"}]", "[{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"a\",\"x\":\"\\ud800\"}]}]",
        "[{\"type\":\"function\",\"function\":{\"name\":\"f\",\"parameters\":{\"a\":\"\\ud800\"}}}]", "{\"name\":\"\\ud800\"}",
        "{\"type\":\"json_schema\",\"json_schema\":{\"name\":\"\\ud800\"}}", "{\"type\":\"function\",\"function\":{\"name\":\"\\udc00\"}}",
    ];

    private static readonly string[] Keys =
    [
        "model", "messages", "prompt", "stream", "max_tokens", "max_completion_tokens", "temperature", "top_p", "top_k", "min_p", "n",
        "stop", "seed", "presence_penalty", "frequency_penalty", "repetition_penalty", "logprobs", "top_logprobs", "logit_bias",
        "response_format", "stream_options", "chat_template_kwargs", "tools", "tool_choice", "functions", "function_call", "user", "url", "id", "models", "echo",
        "suffix", "best_of", "heartbeat_seconds",
    ];

    private readonly Random _random = new(seed);

    public int Seed { get; } = seed;

    /// <summary>The seed of a fuzz run: SYNAPSE_FUZZ_SEED when set (to replay a failure), else <paramref name="fallback"/>.</summary>
    public static int SeedFromEnvironment(int fallback) =>
        int.TryParse(Environment.GetEnvironmentVariable("SYNAPSE_FUZZ_SEED"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var seed) ? seed : fallback;

    public int Next(int maxExclusive) => _random.Next(maxExclusive);

    public T Pick<T>(IReadOnlyList<T> items) => items[_random.Next(items.Count)];

    /// <summary>One to three mutations of a JSON document, as UTF-8 bytes (some of them deliberately not UTF-8).</summary>
    public byte[] MutateJson(string json)
    {
        var text = json;
        if (_random.Next(2) == 0)
        {
            // Half keep the document valid JSON, with one value or member changed: those reach the endpoint's range
            // checks and the engine, where a body broken by the other mutations stops at the parser.
            return Encoding.UTF8.GetBytes(MutateJsonText(text, _random.Next(3)));
        }

        var rounds = 1 + _random.Next(3);
        for (var i = 0; i < rounds; i++)
        {
            text = MutateJsonText(text, _random.Next(12));
        }

        var bytes = Encoding.UTF8.GetBytes(text);
        return _random.Next(8) == 0 ? InjectInvalidUtf8(bytes) : bytes;
    }

    private string MutateJsonText(string json, int kind)
    {
        switch (kind)
        {
            case 0: // a value replaced by another type or an extreme number
            case 1:
            {
                var spans = ValueSpans(json);
                if (spans.Count == 0)
                {
                    goto case 2;
                }

                var (start, length) = Pick(spans);
                return string.Concat(json.AsSpan(0, start), Pick(Values), json.AsSpan(start + length));
            }
            case 2: // a known key added with an odd value (or duplicated)
            {
                var brace = json.IndexOf('{', StringComparison.Ordinal);
                if (brace < 0)
                {
                    return "{" + json;
                }

                var member = $"\"{Pick(Keys)}\":{Pick(Values)}";
                var rest = json[(brace + 1)..].TrimStart();
                return json[..(brace + 1)] + member + (rest.StartsWith('}') ? "" : ",") + json[(brace + 1)..];
            }
            case 3: // truncated
                return json[.._random.Next(json.Length + 1)];
            case 4: // deeply nested
            {
                var depth = Pick(new[] { 10, 64, 65, 200, 5000 });
                var nested = new string('[', depth) + new string(']', depth);
                return ReplaceValue(json, nested);
            }
            case 5: // a bounded huge array
            {
                var count = Pick(new[] { 100, 1000, 20_000 });
                var element = Pick(new[] { "1", "\"a\"", "{\"role\":\"user\",\"content\":\"x\"}", "null" });
                return ReplaceValue(json, "[" + string.Join(",", Enumerable.Repeat(element, count)) + "]");
            }
            case 6: // a lone surrogate (escaped) or a control character inside a string
            {
                var quote = StringStarts(json);
                if (quote.Count == 0)
                {
                    goto case 2;
                }

                var at = Pick(quote);
                return json.Insert(at, Pick(new[] { "\\ud800", "\\udc00", "\\ud83d", "\u0001", "\\u0000", "\\", "\\x", "\\u12" }));
            }
            case 7: // a character dropped, doubled or flipped
            {
                if (json.Length == 0)
                {
                    return "{";
                }

                var at = _random.Next(json.Length);
                return _random.Next(3) switch
                {
                    0 => json.Remove(at, 1),
                    1 => json.Insert(at, json[at].ToString()),
                    _ => json[..at] + Pick(new[] { "{", "}", "[", "]", ",", ":", "\"", "0", "-", "e", " " }) + json[(at + 1)..],
                };
            }
            case 8: // the whole body replaced by a scalar or odd document
                return Pick(new[] { "", " ", "null", "[]", "{}", "0", "\"x\"", "[1,2]", "{\"a\":", "\uFEFF{}", "{}{}", "{\"\\ud800\":1}" });
            case 9: // a string value grown long
            {
                var quote = StringStarts(json);
                return quote.Count == 0 ? json : json.Insert(Pick(quote), new string('x', Pick(new[] { 1000, 100_000 })));
            }
            case 10: // a key's name mangled
                return json.Replace("\"messages\"", Pick(new[] { "\"Messages\"", "\"messages \"", "\"\\u006dessages\"", "\"msg\"" }), StringComparison.Ordinal);
            default: // the document wrapped
                return Pick(new[] { "[" + json + "]", "{\"x\":" + json + "}", json + json, json + "garbage" });
        }
    }

    /// <summary>Bytes that are not UTF-8 placed inside the document (inside a string when there is one).</summary>
    public byte[] InjectInvalidUtf8(byte[] bytes)
    {
        byte[][] bad = [[0xFF], [0xC3], [0xED, 0xA0, 0x80], [0xF8, 0x88, 0x80, 0x80, 0x80], [0xC0, 0xAF], [0x80]];
        var insert = Pick(bad);
        var quotes = new List<int>();
        for (var i = 0; i < bytes.Length; i++)
        {
            if (bytes[i] == (byte)'"')
            {
                quotes.Add(i + 1);
            }
        }

        var at = quotes.Count > 0 ? Pick(quotes) : _random.Next(bytes.Length + 1);
        return [.. bytes.AsSpan(0, at), .. insert, .. bytes.AsSpan(at)];
    }

    /// <summary>One to four mutations of a binary file: flipped bytes, extreme little-endian integers, truncation, spliced ranges.</summary>
    public byte[] MutateBytes(byte[] original, int headerBytes)
    {
        var bytes = (byte[])original.Clone();
        var rounds = 1 + _random.Next(4);
        for (var i = 0; i < rounds && bytes.Length > 0; i++)
        {
            var focus = Math.Max(1, Math.Min(headerBytes, bytes.Length));
            var at = _random.Next(_random.Next(4) == 0 ? bytes.Length : focus);
            switch (_random.Next(6))
            {
                case 0:
                    bytes[at] ^= (byte)(1 << _random.Next(8));
                    break;
                case 1:
                    bytes[at] = (byte)_random.Next(256);
                    break;
                case 2: // an extreme 8- or 4-byte integer: a length, count or offset that claims too much
                {
                    ulong[] extremes = [ulong.MaxValue, 1UL << 60, 1UL << 32, 0x7FFFFFFF, 0xFFFFFFFF, 0x80000000, 0, 1, 1UL << 63, 255, 65536];
                    var value = Pick(extremes);
                    var width = _random.Next(2) == 0 ? 8 : 4;
                    for (var b = 0; b < width && at + b < bytes.Length; b++)
                    {
                        bytes[at + b] = (byte)(value >> (8 * b));
                    }

                    break;
                }
                case 3:
                    bytes = bytes[.._random.Next(bytes.Length)];
                    break;
                case 4: // a range copied over another (structure repeated at the wrong place)
                {
                    var from = _random.Next(bytes.Length);
                    var length = Math.Min(_random.Next(1, 64), Math.Min(bytes.Length - from, bytes.Length - at));
                    Array.Copy(bytes, from, bytes, at, length);
                    break;
                }
                default:
                    bytes = [.. bytes.AsSpan(0, at), .. InjectInvalidUtf8([]), .. bytes.AsSpan(at)];
                    break;
            }
        }

        return bytes;
    }

    /// <summary>One to three mutations of a text file (a template, a JSON file) as text.</summary>
    public string MutateText(string text, IReadOnlyList<string> tokens)
    {
        var rounds = 1 + _random.Next(3);
        for (var i = 0; i < rounds; i++)
        {
            var at = text.Length == 0 ? 0 : _random.Next(text.Length);
            text = _random.Next(5) switch
            {
                0 => text[..at],
                1 => text.Insert(at, Pick(tokens)),
                2 => text.Length == 0 ? text : text.Remove(at, Math.Min(text.Length - at, 1 + _random.Next(8))),
                3 => text.Insert(at, text[at..Math.Min(text.Length, at + _random.Next(40))]),
                _ => text.Insert(at, Pick(new[] { "{{", "}}", "{%", "%}", "\"", "\\ud800", "\ud800", "[", "]", "{", "}", "(", ")", ",", "|", "." })),
            };
        }

        return text;
    }

    private string ReplaceValue(string json, string replacement)
    {
        var spans = ValueSpans(json);
        if (spans.Count == 0)
        {
            return replacement;
        }

        var (start, length) = Pick(spans);
        return string.Concat(json.AsSpan(0, start), replacement, json.AsSpan(start + length));
    }

    /// <summary>Where values follow a ':' (up to the next ',' or closing bracket at the same level, roughly).</summary>
    private static List<(int Start, int Length)> ValueSpans(string json)
    {
        var spans = new List<(int, int)>();
        for (var i = 0; i < json.Length; i++)
        {
            if (json[i] != ':')
            {
                continue;
            }

            var start = i + 1;
            var depth = 0;
            var inString = false;
            var end = start;
            for (; end < json.Length; end++)
            {
                var c = json[end];
                if (inString)
                {
                    if (c == '\\')
                    {
                        end++;
                    }
                    else if (c == '"')
                    {
                        inString = false;
                    }

                    continue;
                }

                if (c == '"')
                {
                    inString = true;
                }
                else if (c is '{' or '[')
                {
                    depth++;
                }
                else if (c is '}' or ']')
                {
                    if (depth == 0)
                    {
                        break;
                    }

                    depth--;
                }
                else if (c == ',' && depth == 0)
                {
                    break;
                }
            }

            spans.Add((start, Math.Min(end, json.Length) - start));
        }

        return spans;
    }

    private static List<int> StringStarts(string json)
    {
        var starts = new List<int>();
        for (var i = 0; i < json.Length; i++)
        {
            if (json[i] == '"')
            {
                starts.Add(i + 1);
            }
        }

        return starts;
    }
}
