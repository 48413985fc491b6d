using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Synapse.Templates.Lexing;

/// <summary>
/// Splits template source into tokens the way Jinja's lexer does with Hugging Face's settings: trim_blocks (the
/// newline after a block or comment tag is dropped), lstrip_blocks (spaces and tabs before a block or comment tag
/// on its own line are dropped; <c>{%+</c> keeps them), <c>-</c> on either side strips all whitespace on that side,
/// newlines normalised to \n and one trailing newline of the source dropped.
/// </summary>
internal sealed partial class Lexer
{
    private static readonly string[] Operators =
        ["//", "**", "==", "!=", "<=", ">=", "+", "-", "*", "/", "%", "~", "<", ">", "=", "(", ")", "[", "]", "{", "}", ",", ".", ":", "|"];

    private readonly string _source;
    private readonly string? _name;
    private readonly List<Token> _tokens = [];
    private int _pos;
    private int _line = 1;

    private Lexer(string source, string? name)
    {
        _source = Normalize(source);
        _name = name;
    }

    public static List<Token> Tokenize(string source, string? name) => new Lexer(source, name).Run();

    private static string Normalize(string source)
    {
        var text = source.Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n');
        return text.EndsWith('\n') ? text[..^1] : text;
    }

    private List<Token> Run()
    {
        var lineStarting = true;
        while (_pos < _source.Length)
        {
            var open = FindTagStart(_pos);
            if (open < 0)
            {
                AddText(_source[_pos..]);
                break;
            }

            var kind = _source[open + 1];
            var modifier = open + 2 < _source.Length ? _source[open + 2] : '\0';
            var text = _source[_pos..open];
            if (modifier == '-')
            {
                text = text.TrimEnd(WhitespaceChars);
            }
            else if (kind != '{' && modifier != '+')
            {
                var lineStart = text.LastIndexOf('\n') + 1;
                if ((lineStart > 0 || lineStarting) && text.AsSpan(lineStart).IndexOfAnyExcept(' ', '\t') < 0)
                {
                    text = text[..lineStart];
                }
            }

            AddText(text);
            _line += Count(_source.AsSpan(_pos, open - _pos), '\n');
            _pos = open + 2 + (modifier is '-' or '+' ? 1 : 0);
            if (kind == '%' && RawBegin().Match(_source, _pos) is { Success: true } raw)
            {
                lineStarting = LexRaw(raw);
                continue;
            }

            lineStarting = kind switch
            {
                '#' => SkipComment(),
                '{' => LexTag(TokenKind.VariableBegin, TokenKind.VariableEnd, "}}"),
                _ => LexTag(TokenKind.BlockBegin, TokenKind.BlockEnd, "%}"),
            };
        }

        _tokens.Add(new Token(TokenKind.End, string.Empty, _line));
        return _tokens;
    }

    private static readonly char[] WhitespaceChars = [' ', '\t', '\n', '\r', '\v', '\f'];

    private int FindTagStart(int from)
    {
        for (var i = _source.IndexOf('{', from); i >= 0 && i + 1 < _source.Length; i = _source.IndexOf('{', i + 1))
        {
            if (_source[i + 1] is '{' or '%' or '#')
            {
                return i;
            }
        }

        return -1;
    }

    private void AddText(string text)
    {
        if (text.Length > 0)
        {
            _tokens.Add(new Token(TokenKind.Text, text, _line));
        }
    }

    private static int Count(ReadOnlySpan<char> span, char c)
    {
        var n = 0;
        foreach (var x in span)
        {
            if (x == c)
            {
                n++;
            }
        }

        return n;
    }

    /// <summary>Skips a comment; returns whether what it consumed ended a line (for lstrip_blocks).</summary>
    private bool SkipComment()
    {
        var startLine = _line;
        var end = _source.IndexOf("#}", _pos, StringComparison.Ordinal);
        if (end < 0)
        {
            throw new TemplateSyntaxException("Missing end of comment tag", _name, startLine);
        }

        _line += Count(_source.AsSpan(_pos, end - _pos), '\n');
        var stripAfter = end > _pos && _source[end - 1] == '-';
        var keepNewline = end > _pos && _source[end - 1] == '+';
        _pos = end + 2;
        return AfterTagEnd(stripAfter, trim: !keepNewline);
    }

    /// <summary>After a closing delimiter: '-' strips all following whitespace, else trim_blocks drops one newline.</summary>
    private bool AfterTagEnd(bool stripAfter, bool trim)
    {
        var start = _pos;
        if (stripAfter)
        {
            while (_pos < _source.Length && char.IsWhiteSpace(_source[_pos]))
            {
                _pos++;
            }
        }
        else if (trim && _pos < _source.Length && _source[_pos] == '\n')
        {
            _pos++;
        }

        _line += Count(_source.AsSpan(start, _pos - start), '\n');
        return _pos > start && _source[_pos - 1] == '\n';
    }

    [GeneratedRegex(@"\G\s*raw\s*([-+]?)%}")]
    private static partial Regex RawBegin();

    [GeneratedRegex(@"{%([-+]?)\s*endraw\s*([-+]?)%}")]
    private static partial Regex RawEnd();

    /// <summary><c>{% raw %}...{% endraw %}</c>: the text between is data, with the tags' whitespace control applied.</summary>
    private bool LexRaw(Match begin)
    {
        var startLine = _line;
        _pos = begin.Index + begin.Length;
        AfterTagEnd(begin.Groups[1].Value == "-", trim: begin.Groups[1].Value != "+");
        var end = RawEnd().Match(_source, _pos);
        if (!end.Success)
        {
            throw new TemplateSyntaxException("Missing end of raw directive", _name, startLine);
        }

        var text = _source[_pos..end.Index];
        if (end.Groups[1].Value == "-")
        {
            text = text.TrimEnd(WhitespaceChars);
        }

        AddText(text);
        _line += Count(_source.AsSpan(_pos, end.Index - _pos), '\n');
        _pos = end.Index + end.Length;
        return AfterTagEnd(end.Groups[2].Value == "-", trim: end.Groups[2].Value != "+");
    }

    private bool LexTag(TokenKind begin, TokenKind endKind, string closer)
    {
        var tagLine = _line;
        _tokens.Add(new Token(begin, string.Empty, _line));
        var depth = 0;
        while (true)
        {
            while (_pos < _source.Length && char.IsWhiteSpace(_source[_pos]))
            {
                if (_source[_pos] == '\n')
                {
                    _line++;
                }

                _pos++;
            }

            if (_pos >= _source.Length)
            {
                throw new TemplateSyntaxException(
                    begin == TokenKind.BlockBegin ? "Unexpected end of template: unclosed block tag '{%'" : "Unexpected end of template: unclosed '{{'",
                    _name, tagLine);
            }

            if (depth == 0)
            {
                var modifier = _source[_pos];
                var hasModifier = modifier == '-' || (modifier == '+' && endKind == TokenKind.BlockEnd);
                var at = hasModifier ? _pos + 1 : _pos;
                if (string.CompareOrdinal(_source, at, closer, 0, 2) == 0)
                {
                    _tokens.Add(new Token(endKind, string.Empty, _line));
                    _pos = at + 2;
                    return AfterTagEnd(modifier == '-' && hasModifier, trim: endKind == TokenKind.BlockEnd && !(hasModifier && modifier == '+'));
                }
            }

            var c = _source[_pos];
            if (char.IsAsciiLetter(c) || c == '_')
            {
                var start = _pos;
                while (_pos < _source.Length && (char.IsAsciiLetterOrDigit(_source[_pos]) || _source[_pos] == '_'))
                {
                    _pos++;
                }

                _tokens.Add(new Token(TokenKind.Name, _source[start.._pos], _line));
            }
            else if (char.IsAsciiDigit(c))
            {
                LexNumber();
            }
            else if (c is '\'' or '"')
            {
                LexString(c);
            }
            else
            {
                var op = Array.Find(Operators, o => string.CompareOrdinal(_source, _pos, o, 0, o.Length) == 0)
                    ?? throw new TemplateSyntaxException($"unexpected char '{c}' at {_pos}", _name, _line);
                depth += op switch
                {
                    "(" or "[" or "{" => 1,
                    ")" or "]" or "}" => -1,
                    _ => 0,
                };
                if (depth < 0)
                {
                    throw new TemplateSyntaxException($"unexpected '{op}'", _name, _line);
                }

                _tokens.Add(new Token(TokenKind.Operator, op, _line));
                _pos += op.Length;
            }
        }
    }

    private void LexNumber()
    {
        var start = _pos;
        while (_pos < _source.Length && (char.IsAsciiDigit(_source[_pos]) || _source[_pos] == '_'))
        {
            _pos++;
        }

        var isFloat = false;
        if (_pos + 1 < _source.Length && _source[_pos] == '.' && char.IsAsciiDigit(_source[_pos + 1])
            && !(_tokens.Count > 0 && _tokens[^1].IsOperator(".")))
        {
            isFloat = true;
            _pos++;
            while (_pos < _source.Length && (char.IsAsciiDigit(_source[_pos]) || _source[_pos] == '_'))
            {
                _pos++;
            }
        }

        if (_pos < _source.Length && _source[_pos] is 'e' or 'E')
        {
            var save = _pos;
            _pos++;
            if (_pos < _source.Length && _source[_pos] is '+' or '-')
            {
                _pos++;
            }

            if (_pos < _source.Length && char.IsAsciiDigit(_source[_pos]))
            {
                isFloat = true;
                while (_pos < _source.Length && char.IsAsciiDigit(_source[_pos]))
                {
                    _pos++;
                }
            }
            else
            {
                _pos = save;
            }
        }

        var text = _source[start.._pos].Replace("_", string.Empty, StringComparison.Ordinal);
        _tokens.Add(new Token(isFloat ? TokenKind.Float : TokenKind.Integer, text, _line));
    }

    private void LexString(char quote)
    {
        var startLine = _line;
        var builder = new StringBuilder();
        _pos++;
        while (true)
        {
            if (_pos >= _source.Length)
            {
                throw new TemplateSyntaxException("unterminated string literal", _name, startLine);
            }

            var c = _source[_pos++];
            if (c == quote)
            {
                break;
            }

            if (c == '\n')
            {
                _line++;
            }

            if (c != '\\' || _pos >= _source.Length)
            {
                builder.Append(c);
                continue;
            }

            var e = _source[_pos++];
            switch (e)
            {
                case 'n': builder.Append('\n'); break;
                case 't': builder.Append('\t'); break;
                case 'r': builder.Append('\r'); break;
                case '\\': builder.Append('\\'); break;
                case '\'': builder.Append('\''); break;
                case '"': builder.Append('"'); break;
                case 'a': builder.Append('\a'); break;
                case 'b': builder.Append('\b'); break;
                case 'f': builder.Append('\f'); break;
                case 'v': builder.Append('\v'); break;
                case '\n': _line++; break;
                case 'x': builder.Append(HexEscape(2)); break;
                case 'u': builder.Append(HexEscape(4)); break;
                case 'U': builder.Append(HexEscape(8)); break;
                case >= '0' and <= '7':
                    var octal = e - '0';
                    for (var i = 0; i < 2 && _pos < _source.Length && _source[_pos] is >= '0' and <= '7'; i++)
                    {
                        octal = octal * 8 + (_source[_pos++] - '0');
                    }

                    builder.Append((char)octal);
                    break;
                default:
                    builder.Append('\\').Append(e);
                    break;
            }
        }

        _tokens.Add(new Token(TokenKind.String, builder.ToString(), startLine));
    }

    private string HexEscape(int digits)
    {
        if (_pos + digits > _source.Length
            || !int.TryParse(_source.AsSpan(_pos, digits), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var code)
            || code is < 0 or > 0x10FFFF)
        {
            throw new TemplateSyntaxException($"truncated \\{(digits == 2 ? 'x' : digits == 4 ? 'u' : 'U')} escape in string literal", _name, _line);
        }

        // Python keeps a lone surrogate in the string, but it is not text: the rendered prompt could not be encoded.
        if (code is >= 0xD800 and <= 0xDFFF)
        {
            throw new TemplateSyntaxException($"the escape \\{(digits == 4 ? 'u' : 'U')}{_source.AsSpan(_pos, digits)} in a string literal is a lone surrogate, not a character", _name, _line);
        }

        _pos += digits;
        return char.ConvertFromUtf32(code);
    }
}
