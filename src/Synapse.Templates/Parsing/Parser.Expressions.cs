using System.Globalization;
using Synapse.Templates.Ast;
using Synapse.Templates.Lexing;
using Synapse.Templates.Runtime;

namespace Synapse.Templates.Parsing;

internal sealed partial class Parser
{
    private static readonly string[] CompareOperators = ["==", "!=", "<", "<=", ">", ">="];

    /// <summary>An expression, or several separated by commas (a tuple), as after <c>{{</c> or <c>set x =</c>.</summary>
    private Expression ParseTuple(bool withCondExpr, string[]? stopNames = null)
    {
        var line = Current.Line;
        var first = withCondExpr ? ParseExpression() : ParseOr();
        if (!Current.IsOperator(","))
        {
            return first;
        }

        var items = new List<Expression> { first };
        while (SkipOperator(","))
        {
            if (IsTupleEnd(stopNames))
            {
                break;
            }

            items.Add(withCondExpr ? ParseExpression() : ParseOr());
        }

        return new ListExpression(line, items, tuple: true);
    }

    private bool IsTupleEnd(string[]? stopNames) =>
        Current.Kind is TokenKind.VariableEnd or TokenKind.BlockEnd or TokenKind.End
        || Current.IsOperator(")") || Current.IsOperator("]")
        || (stopNames is not null && Current.Kind == TokenKind.Name && stopNames.Contains(Current.Value));

    private Expression ParseExpression()
    {
        Enter();
        try
        {
            var expression = ParseOr();
            while (Current.IsName("if"))
            {
                var line = Next().Line;
                var test = ParseOr();
                var otherwise = SkipName("else") ? ParseExpression() : null;
                expression = new ConditionalExpression(line, test, expression, otherwise);
            }

            return expression;
        }
        finally
        {
            Leave();
        }
    }

    private Expression ParseOr()
    {
        var left = ParseAnd();
        while (Current.IsName("or"))
        {
            var line = Next().Line;
            left = new BinaryExpression(line, "or", left, ParseAnd());
        }

        return left;
    }

    private Expression ParseAnd()
    {
        var left = ParseNot();
        while (Current.IsName("and"))
        {
            var line = Next().Line;
            left = new BinaryExpression(line, "and", left, ParseNot());
        }

        return left;
    }

    private Expression ParseNot()
    {
        if (Current.IsName("not"))
        {
            var line = Next().Line;
            Enter();
            var operand = ParseNot();
            Leave();
            return new UnaryExpression(line, "not", operand);
        }

        return ParseCompare();
    }

    private Expression ParseCompare()
    {
        var line = Current.Line;
        var first = ParseMath1();
        var rest = new List<(string, Expression)>();
        while (true)
        {
            if (Current.Kind == TokenKind.Operator && CompareOperators.Contains(Current.Value))
            {
                var op = Next().Value;
                rest.Add((op, ParseMath1()));
            }
            else if (SkipName("in"))
            {
                rest.Add(("in", ParseMath1()));
            }
            else if (Current.IsName("not") && Peek().IsName("in"))
            {
                _pos += 2;
                rest.Add(("notin", ParseMath1()));
            }
            else
            {
                break;
            }
        }

        return rest.Count == 0 ? first : new CompareExpression(line, first, rest);
    }

    private Expression ParseMath1()
    {
        var left = ParseConcat();
        while (Current.IsOperator("+") || Current.IsOperator("-"))
        {
            var op = Next();
            left = new BinaryExpression(op.Line, op.Value, left, ParseConcat());
        }

        return left;
    }

    private Expression ParseConcat()
    {
        var left = ParseMath2();
        while (Current.IsOperator("~"))
        {
            var line = Next().Line;
            left = new BinaryExpression(line, "~", left, ParseMath2());
        }

        return left;
    }

    private Expression ParseMath2()
    {
        var left = ParsePow();
        while (Current.IsOperator("*") || Current.IsOperator("/") || Current.IsOperator("//") || Current.IsOperator("%"))
        {
            var op = Next();
            left = new BinaryExpression(op.Line, op.Value, left, ParsePow());
        }

        return left;
    }

    private Expression ParsePow()
    {
        var left = ParseUnary(withFilter: true);
        while (Current.IsOperator("**"))
        {
            var line = Next().Line;
            left = new BinaryExpression(line, "**", left, ParseUnary(withFilter: true));
        }

        return left;
    }

    private Expression ParseUnary(bool withFilter)
    {
        Expression node;
        if (Current.IsOperator("-") || Current.IsOperator("+"))
        {
            var op = Next();
            Enter();
            node = new UnaryExpression(op.Line, op.Value, ParseUnary(withFilter: false));
            Leave();
        }
        else
        {
            node = ParsePrimary();
        }

        node = ParsePostfix(node);
        return withFilter ? ParseFilterExpression(node) : node;
    }

    private Expression ParsePrimary()
    {
        var token = Current;
        switch (token.Kind)
        {
            case TokenKind.Name:
                Next();
                return token.Value switch
                {
                    "true" or "True" => new LiteralExpression(token.Line, true),
                    "false" or "False" => new LiteralExpression(token.Line, false),
                    "none" or "None" => new LiteralExpression(token.Line, null),
                    _ => new NameExpression(token.Line, token.Value),
                };
            case TokenKind.String:
                var text = Next().Value;
                while (Current.Kind == TokenKind.String)
                {
                    text += Next().Value;
                }

                return new LiteralExpression(token.Line, text);
            case TokenKind.Integer:
                Next();
                return long.TryParse(token.Value, NumberStyles.None, CultureInfo.InvariantCulture, out var integer)
                    ? new LiteralExpression(token.Line, integer)
                    : new LiteralExpression(token.Line, double.Parse(token.Value, CultureInfo.InvariantCulture));
            case TokenKind.Float:
                Next();
                return new LiteralExpression(token.Line, double.Parse(token.Value, NumberStyles.Float, CultureInfo.InvariantCulture));
            case TokenKind.Operator when token.Value == "(":
                Next();
                Enter();
                try
                {
                    if (SkipOperator(")"))
                    {
                        return new ListExpression(token.Line, [], tuple: true);
                    }

                    var inner = ParseExpression();
                    if (Current.IsOperator(","))
                    {
                        var items = new List<Expression> { inner };
                        while (SkipOperator(","))
                        {
                            if (Current.IsOperator(")"))
                            {
                                break;
                            }

                            items.Add(ParseExpression());
                        }

                        inner = new ListExpression(token.Line, items, tuple: true);
                    }

                    Expect(TokenKind.Operator, ")");
                    return inner;
                }
                finally
                {
                    Leave();
                }

            case TokenKind.Operator when token.Value == "[":
                Next();
                Enter();
                var list = new List<Expression>();
                while (!Current.IsOperator("]"))
                {
                    if (list.Count > 0)
                    {
                        Expect(TokenKind.Operator, ",");
                        if (Current.IsOperator("]"))
                        {
                            break;
                        }
                    }

                    list.Add(ParseExpression());
                }

                Expect(TokenKind.Operator, "]");
                Leave();
                return new ListExpression(token.Line, list, tuple: false);
            case TokenKind.Operator when token.Value == "{":
                Next();
                Enter();
                var pairs = new List<(Expression, Expression)>();
                while (!Current.IsOperator("}"))
                {
                    if (pairs.Count > 0)
                    {
                        Expect(TokenKind.Operator, ",");
                        if (Current.IsOperator("}"))
                        {
                            break;
                        }
                    }

                    var key = ParseExpression();
                    Expect(TokenKind.Operator, ":");
                    pairs.Add((key, ParseExpression()));
                }

                Expect(TokenKind.Operator, "}");
                Leave();
                return new DictExpression(token.Line, pairs);
            default:
                throw Error($"unexpected {token.Describe()}");
        }
    }

    private Expression ParsePostfix(Expression node)
    {
        while (true)
        {
            var token = Current;
            if (token.IsOperator("."))
            {
                Next();
                var attribute = Current;
                if (attribute.Kind == TokenKind.Name)
                {
                    Next();
                    node = new AttributeExpression(token.Line, node, attribute.Value);
                }
                else if (attribute.Kind == TokenKind.Integer)
                {
                    Next();
                    node = new ItemExpression(token.Line, node, new LiteralExpression(token.Line, long.Parse(attribute.Value, CultureInfo.InvariantCulture)));
                }
                else
                {
                    throw Error("expected name or number");
                }
            }
            else if (token.IsOperator("["))
            {
                Next();
                node = ParseSubscript(node, token.Line);
            }
            else if (token.IsOperator("("))
            {
                node = ParseCall(node);
            }
            else
            {
                return node;
            }
        }
    }

    private Expression ParseSubscript(Expression target, int line)
    {
        Enter();
        Expression? start = null;
        if (!Current.IsOperator(":"))
        {
            start = ParseExpression();
            if (SkipOperator("]"))
            {
                Leave();
                return new ItemExpression(line, target, start);
            }

            if (Current.IsOperator(","))
            {
                var items = new List<Expression> { start };
                while (SkipOperator(",") && !Current.IsOperator("]"))
                {
                    items.Add(ParseExpression());
                }

                Expect(TokenKind.Operator, "]");
                Leave();
                return new ItemExpression(line, target, new ListExpression(line, items, tuple: true));
            }
        }

        Expect(TokenKind.Operator, ":");
        Expression? stop = null;
        Expression? step = null;
        if (!Current.IsOperator("]") && !Current.IsOperator(":"))
        {
            stop = ParseExpression();
        }

        if (SkipOperator(":") && !Current.IsOperator("]"))
        {
            step = ParseExpression();
        }

        Expect(TokenKind.Operator, "]");
        Leave();
        return new SliceExpression(line, target, start, stop, step);
    }

    private CallExpression ParseCall(Expression callee)
    {
        var line = Current.Line;
        var (arguments, named, star, starNamed) = ParseCallArguments();
        return new CallExpression(line, callee, arguments, named, star, starNamed);
    }

    private (List<Expression>, List<(string, Expression)>, Expression?, Expression?) ParseCallArguments()
    {
        Expect(TokenKind.Operator, "(");
        Enter();
        var arguments = new List<Expression>();
        var named = new List<(string, Expression)>();
        Expression? star = null;
        Expression? starNamed = null;
        var first = true;
        while (!Current.IsOperator(")"))
        {
            if (!first)
            {
                Expect(TokenKind.Operator, ",");
                if (Current.IsOperator(")"))
                {
                    break;
                }
            }

            first = false;
            if (SkipOperator("*"))
            {
                star = ParseExpression();
            }
            else if (SkipOperator("**"))
            {
                starNamed = ParseExpression();
            }
            else if (Current.Kind == TokenKind.Name && Peek().IsOperator("="))
            {
                var name = Next().Value;
                Next();
                named.Add((name, ParseExpression()));
            }
            else
            {
                if (named.Count > 0 || starNamed is not null)
                {
                    throw Error("invalid syntax for function call expression");
                }

                arguments.Add(ParseExpression());
            }
        }

        Expect(TokenKind.Operator, ")");
        Leave();
        return (arguments, named, star, starNamed);
    }

    private Expression ParseFilterExpression(Expression node)
    {
        while (true)
        {
            if (SkipOperator("|"))
            {
                node = ParseFilter(node);
            }
            else if (Current.IsName("is"))
            {
                Next();
                node = ParseTest(node);
            }
            else if (Current.IsOperator("("))
            {
                node = ParseCall(node);
            }
            else
            {
                return node;
            }
        }
    }

    private FilterExpression ParseFilter(Expression? input)
    {
        var token = Expect(TokenKind.Name);
        var name = token.Value;
        while (Current.IsOperator(".") && Peek().Kind == TokenKind.Name)
        {
            Next();
            name += "." + Next().Value;
        }

        if (!Filters.All.TryGetValue(name, out var filter))
        {
            throw Error($"No filter named '{name}'.", token.Line);
        }

        if (Current.IsOperator("("))
        {
            var (arguments, named, star, starNamed) = ParseCallArguments();
            return new FilterExpression(token.Line, input, name, filter, arguments, named, star, starNamed);
        }

        return new FilterExpression(token.Line, input, name, filter, [], [], null, null);
    }

    private TestExpression ParseTest(Expression input)
    {
        var negated = SkipName("not");
        var token = Current;
        string name;
        if (token.Kind == TokenKind.Name)
        {
            name = Next().Value;
            while (Current.IsOperator(".") && Peek().Kind == TokenKind.Name)
            {
                Next();
                name += "." + Next().Value;
            }
        }
        else if (token.Kind == TokenKind.Operator && token.Value is "==" or "!=" or "<" or "<=" or ">" or ">=")
        {
            name = Next().Value;
        }
        else
        {
            throw Error($"expected test name, got {token.Describe()}");
        }

        if (!Tests.All.TryGetValue(name, out var test))
        {
            throw Error($"No test named '{name}'.", token.Line);
        }

        List<Expression> arguments = [];
        List<(string, Expression)> named = [];
        if (Current.IsOperator("("))
        {
            (arguments, named, _, _) = ParseCallArguments();
        }
        else if ((Current.Kind is TokenKind.Name or TokenKind.String or TokenKind.Integer or TokenKind.Float
                  || Current.IsOperator("[") || Current.IsOperator("{"))
                 && !Current.IsName("else") && !Current.IsName("or") && !Current.IsName("and"))
        {
            if (Current.IsName("is"))
            {
                throw Error("You cannot chain multiple tests with is");
            }

            arguments = [ParsePostfix(ParsePrimary())];
        }

        return new TestExpression(token.Line, input, test, arguments, named, negated);
    }
}
