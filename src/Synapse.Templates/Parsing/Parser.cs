using Synapse.Templates.Ast;
using Synapse.Templates.Lexing;

namespace Synapse.Templates.Parsing;

/// <summary>Recursive descent over the token list, following Jinja's grammar and operator precedence.</summary>
internal sealed partial class Parser
{
    /// <summary>Nesting deeper than this is refused as a syntax error instead of risking the stack.</summary>
    private const int MaxNesting = 200;

    private readonly List<Token> _tokens;
    private readonly string? _name;
    private int _pos;
    private int _nesting;

    private Parser(List<Token> tokens, string? name)
    {
        _tokens = tokens;
        _name = name;
    }

    public static IReadOnlyList<Statement> Parse(string source, string? name)
    {
        var parser = new Parser(Lexer.Tokenize(source, name), name);
        var (body, _) = parser.ParseBody([], null);
        return body;
    }

    private Token Current => _tokens[_pos];

    private Token Peek(int offset = 1) => _tokens[Math.Min(_pos + offset, _tokens.Count - 1)];

    private Token Next() => _tokens[_pos < _tokens.Count - 1 ? _pos++ : _pos];

    private TemplateSyntaxException Error(string message, int? line = null) => new(message, _name, line ?? Current.Line);

    private Token Expect(TokenKind kind, string? value = null)
    {
        var token = Current;
        if (token.Kind != kind || (value is not null && token.Value != value))
        {
            var wanted = value is not null ? $"'{value}'" : new Token(kind, string.Empty, 0).Describe();
            if (kind == TokenKind.Name && value is null)
            {
                wanted = "name";
            }

            throw Error($"expected token {wanted}, got {token.Describe()}");
        }

        return Next();
    }

    private bool SkipOperator(string op)
    {
        if (Current.IsOperator(op))
        {
            _pos++;
            return true;
        }

        return false;
    }

    private bool SkipName(string name)
    {
        if (Current.IsName(name))
        {
            _pos++;
            return true;
        }

        return false;
    }

    private void Enter()
    {
        if (++_nesting > MaxNesting)
        {
            throw Error("template nested too deeply");
        }
    }

    private void Leave() => _nesting--;
}
