using System.Globalization;
using System.Text;

namespace Synapse.Engine.Grammar;

public sealed partial class JsonSchemaGrammarBuilder
{
    private const string NonLiteral = "|.()[]{}*+?";
    private const string EscapedInRegexButNotInLiterals = "^$.[]()|{}*+?";

    /// <summary>
    /// A string whose content matches <paramref name="pattern"/> (llama.cpp's <c>_visit_pattern</c>): anchored
    /// <c>^…$</c> patterns of literals, classes, groups, alternation and quantifiers. Characters stay those a JSON string
    /// may hold unescaped; anything else (backreferences, lookarounds, most escapes) is refused by name.
    /// </summary>
    private string VisitPattern(string pattern, string name)
    {
        if (pattern.Length < 2 || pattern[0] != '^' || pattern[^1] != '$')
        {
            throw new UnsupportedSchemaException("pattern", "A 'pattern' must start with '^' and end with '$' to be enforced.");
        }

        var parser = new PatternParser(this, pattern[1..^1], name);
        var (text, isLiteral) = parser.Transform();
        if (parser.Position < parser.Length)
        {
            throw new UnsupportedSchemaException("pattern", $"Unbalanced parentheses in the pattern '{pattern}'.");
        }

        return AddRuleUnique(name, "\"\\\"\" (" + ToRule(text, isLiteral) + ") \"\\\"\" space");
    }

    private static string ToRule(string text, bool isLiteral) => isLiteral ? "\"" + text + "\"" : text;

    private sealed class PatternParser(JsonSchemaGrammarBuilder builder, string pattern, string name)
    {
        private readonly Dictionary<string, string> _subRules = new(StringComparer.Ordinal);

        public int Position { get; private set; }

        public int Length => pattern.Length;

        public (string Text, bool IsLiteral) Transform(int depth = 0)
        {
            if (depth > 64)
            {
                throw Unsupported("it nests too deeply");
            }

            var start = Position;
            var sequence = new List<(string Text, bool IsLiteral)>();
            while (Position < pattern.Length)
            {
                var c = pattern[Position];
                if (c == '.')
                {
                    sequence.Add((builder.AddRuleUnique("dot", "[^\"\\\\\\x7F\\x00-\\x1F]"), false));
                    Position++;
                }
                else if (c == '(')
                {
                    Position++;
                    if (Position < pattern.Length && pattern[Position] == '?')
                    {
                        if (Position + 1 < pattern.Length && pattern[Position + 1] == ':')
                        {
                            Position += 2;
                        }
                        else
                        {
                            throw Unsupported("lookarounds and named groups cannot be enforced");
                        }
                    }

                    var (text, isLiteral) = Transform(depth + 1);
                    sequence.Add(("(" + ToRule(text, isLiteral) + ")", false));
                }
                else if (c == ')')
                {
                    Position++;
                    if (depth == 0)
                    {
                        throw Unsupported("its parentheses are unbalanced");
                    }

                    return Join(sequence);
                }
                else if (c == '\\' && Position + 1 < pattern.Length && pattern[Position + 1] is 'd' or 'w' or 's')
                {
                    sequence.Add((Shorthand(pattern[Position + 1]), false));
                    Position += 2;
                }
                else if (c == '[')
                {
                    sequence.Add((CharacterClass(), false));
                }
                else if (c == '|')
                {
                    sequence.Add(("|", false));
                    Position++;
                }
                else if (c is '*' or '+' or '?')
                {
                    if (sequence.Count == 0 || sequence[^1].Text == "|")
                    {
                        throw Unsupported($"'{c}' follows nothing");
                    }

                    sequence[^1] = (ToRule(sequence[^1].Text, sequence[^1].IsLiteral) + c, false);
                    Position++;
                }
                else if (c == '{')
                {
                    Repeat(sequence);
                }
                else
                {
                    var literal = Literal();
                    if (literal.Length > 0)
                    {
                        sequence.Add((literal.ToString(), true));
                    }
                }
            }

            if (depth > 0)
            {
                throw Unsupported("its parentheses are unbalanced");
            }

            _ = start;
            return Join(sequence);
        }

        private StringBuilder Literal()
        {
            var literal = new StringBuilder();
            while (Position < pattern.Length)
            {
                var c = pattern[Position];
                if (c == '\\' && Position < pattern.Length - 1)
                {
                    var next = pattern[Position + 1];
                    if (EscapedInRegexButNotInLiterals.Contains(next, StringComparison.Ordinal))
                    {
                        literal.Append(next);
                    }
                    else if (next is '\\' or '/' or '-')
                    {
                        // A backslash in a JSON string is written escaped.
                        literal.Append(next == '\\' ? "\\\\\\\\" : next.ToString());
                    }
                    else if (next is 'd' or 'w' or 's' && literal.Length > 0)
                    {
                        break;
                    }
                    else
                    {
                        throw Unsupported($"the escape '\\{next}' cannot be enforced");
                    }

                    Position += 2;
                }
                else if (c == '"')
                {
                    literal.Append("\\\\\\\"");
                    Position++;
                }
                else if (c is '^' or '$')
                {
                    throw Unsupported("anchors inside the pattern cannot be enforced");
                }
                else if (!NonLiteral.Contains(c, StringComparison.Ordinal)
                    && (Position == pattern.Length - 1 || literal.Length == 0 || pattern[Position + 1] == '.' || !NonLiteral.Contains(pattern[Position + 1], StringComparison.Ordinal)))
                {
                    if (char.IsControl(c))
                    {
                        throw Unsupported("control characters cannot appear in a JSON string unescaped");
                    }

                    literal.Append(c);
                    Position++;
                }
                else
                {
                    break;
                }
            }

            return literal;
        }

        private static string Shorthand(char kind) => kind switch
        {
            'd' => "[0-9]",
            'w' => "[a-zA-Z0-9_]",
            // Only the space: tabs and newlines appear in a JSON string escaped, never as themselves.
            _ => "[ ]",
        };

        private string CharacterClass()
        {
            var result = new StringBuilder("[");
            Position++;
            if (Position < pattern.Length && pattern[Position] == '^')
            {
                result.Append('^');
                Position++;
            }

            while (Position < pattern.Length && pattern[Position] != ']')
            {
                if (pattern[Position] == '\\' && Position + 1 < pattern.Length)
                {
                    var next = pattern[Position + 1];
                    result.Append(next switch
                    {
                        'd' => "0-9",
                        'w' => "a-zA-Z0-9_",
                        's' => " ",
                        '\\' or ']' or '[' or '-' or '^' => "\\" + next,
                        '.' or '/' or '(' or ')' or '{' or '}' or '*' or '+' or '?' or '|' or '$' => next.ToString(),
                        _ => throw Unsupported($"the escape '\\{next}' inside a class cannot be enforced"),
                    });
                    Position += 2;
                }
                else
                {
                    var c = pattern[Position];
                    result.Append(c == '"' ? "\\\"" : c.ToString());
                    Position++;
                }
            }

            if (Position >= pattern.Length)
            {
                throw Unsupported("its square brackets are unbalanced");
            }

            Position++;
            result.Append(']');
            var text = result.ToString();
            if (text.StartsWith("[^", StringComparison.Ordinal))
            {
                // Keep the string valid JSON: a negated class never admits a quote, a backslash or a control character.
                return text[..^1] + "\"\\\\\\x7F\\x00-\\x1F]";
            }

            if (AdmitsUnsafe(text))
            {
                throw Unsupported("a character class admits a quote, a backslash or a control character, which a JSON string holds only escaped");
            }

            return text;
        }

        /// <summary>Whether a positive class (as GBNF) holds '"', '\\' or a control character, alone or inside a range.</summary>
        private static bool AdmitsUnsafe(string gbnfClass)
        {
            var body = gbnfClass[1..^1];
            var chars = new List<char>();
            for (var i = 0; i < body.Length; i++)
            {
                if (body[i] == '\\' && i + 1 < body.Length)
                {
                    i++;
                    chars.Add(body[i] switch { 't' => '\t', 'n' => '\n', 'r' => '\r', '\\' => '\\', _ => body[i] });
                }
                else
                {
                    chars.Add(body[i] == '-' && chars.Count > 0 && i + 1 < body.Length ? '\uFFFF' : body[i]);
                }
            }

            for (var i = 0; i < chars.Count; i++)
            {
                if (chars[i] == '\uFFFF' && i + 1 < chars.Count)
                {
                    var (low, high) = (chars[i - 1], chars[i + 1]);
                    if ((low <= '"' && high >= '"') || (low <= '\\' && high >= '\\') || low < ' ')
                    {
                        return true;
                    }
                }
                else if (chars[i] is '"' or '\\' || chars[i] < ' ')
                {
                    return true;
                }
            }

            return false;
        }

        private void Repeat(List<(string Text, bool IsLiteral)> sequence)
        {
            var close = pattern.IndexOf('}', Position);
            if (close < 0)
            {
                throw Unsupported("its curly brackets are unbalanced");
            }

            var numbers = pattern[(Position + 1)..close].Split(',');
            Position = close + 1;
            int minTimes;
            var maxTimes = int.MaxValue;
            try
            {
                if (numbers.Length == 1)
                {
                    minTimes = maxTimes = int.Parse(numbers[0], CultureInfo.InvariantCulture);
                }
                else if (numbers.Length == 2)
                {
                    minTimes = numbers[0].Length == 0 ? 0 : int.Parse(numbers[0], CultureInfo.InvariantCulture);
                    if (numbers[1].Length > 0)
                    {
                        maxTimes = int.Parse(numbers[1], CultureInfo.InvariantCulture);
                    }
                }
                else
                {
                    throw Unsupported("a repetition has the wrong number of values");
                }
            }
            catch (FormatException)
            {
                throw Unsupported("a repetition holds something other than numbers");
            }
            catch (OverflowException)
            {
                throw Unsupported("a repetition count is too large");
            }

            if (sequence.Count == 0 || minTimes > maxTimes || maxTimes is > 1000 and < int.MaxValue)
            {
                throw Unsupported("a repetition is out of range");
            }

            var (sub, isLiteral) = sequence[^1];
            if (!isLiteral)
            {
                if (!_subRules.TryGetValue(sub, out var id))
                {
                    id = builder.AddRuleUnique(name + "-" + (_subRules.Count + 1).ToString(CultureInfo.InvariantCulture), sub);
                    _subRules[sub] = id;
                }

                sub = id;
            }

            sequence[^1] = (Repetition(isLiteral ? "\"" + sub + "\"" : sub, minTimes, maxTimes), false);
        }

        private static (string, bool) Join(List<(string Text, bool IsLiteral)> sequence)
        {
            var parts = new List<string>();
            var literal = new StringBuilder();
            foreach (var (text, isLiteral) in sequence)
            {
                if (isLiteral)
                {
                    literal.Append(text);
                    continue;
                }

                if (literal.Length > 0)
                {
                    parts.Add("\"" + literal + "\"");
                    literal.Clear();
                }

                parts.Add(text);
            }

            if (literal.Length > 0)
            {
                parts.Add("\"" + literal + "\"");
            }

            return (string.Join(" ", parts), false);
        }

        private UnsupportedSchemaException Unsupported(string why) =>
            new("pattern", $"The pattern '^{pattern}$' cannot be enforced: {why}.");
    }

}
