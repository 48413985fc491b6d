using Synapse.Templates.Ast;
using Synapse.Templates.Lexing;
using Synapse.Templates.Runtime;

namespace Synapse.Templates.Parsing;

internal sealed partial class Parser
{
    /// <summary>
    /// Parses until a block tag named in <paramref name="ends"/>; returns the body and that tag's name, with the
    /// position on the token after the name (the caller reads the rest of the tag).
    /// </summary>
    private (List<Statement> Body, string? End) ParseBody(string[] ends, string? opener)
    {
        var body = new List<Statement>();
        Enter();
        while (true)
        {
            var token = Current;
            switch (token.Kind)
            {
                case TokenKind.Text:
                    body.Add(new TextStatement(token.Line, token.Value));
                    Next();
                    break;
                case TokenKind.VariableBegin:
                    Next();
                    var expression = ParseTuple(withCondExpr: true);
                    Expect(TokenKind.VariableEnd);
                    body.Add(new OutputStatement(token.Line, expression));
                    break;
                case TokenKind.BlockBegin:
                    Next();
                    if (Current.Kind == TokenKind.Name && ends.Contains(Current.Value))
                    {
                        var end = Next().Value;
                        Leave();
                        return (body, end);
                    }

                    body.Add(ParseStatement(ends, opener));
                    break;
                case TokenKind.End:
                    if (ends.Length > 0)
                    {
                        throw Error(
                            $"Unexpected end of template. Jinja was looking for the following tags: {string.Join(" or ", ends.Select(e => $"'{e}'"))}. "
                            + $"The innermost block that needs to be closed is '{opener}'.");
                    }

                    Leave();
                    return (body, null);
                default:
                    throw Error($"unexpected {token.Describe()}");
            }
        }
    }

    private Statement ParseStatement(string[] enclosingEnds, string? enclosingOpener)
    {
        var token = Current;
        if (token.Kind != TokenKind.Name)
        {
            throw Error("tag name expected");
        }

        Next();
        switch (token.Value)
        {
            case "if":
                return ParseIf(token.Line);
            case "for":
                return ParseFor(token.Line);
            case "set":
                return ParseSet(token.Line);
            case "macro":
                return ParseMacro(token.Line);
            case "call":
                return ParseCallBlock(token.Line);
            case "filter":
                return ParseFilterBlock(token.Line);
            case "break":
                Expect(TokenKind.BlockEnd);
                return new LoopControlStatement(token.Line, Flow.Break);
            case "continue":
                Expect(TokenKind.BlockEnd);
                return new LoopControlStatement(token.Line, Flow.Continue);
            case "generation":
                Expect(TokenKind.BlockEnd);
                var (body, _) = ParseBody(["endgeneration"], "generation");
                Expect(TokenKind.BlockEnd);
                return new ScopeStatement(token.Line, body);
            default:
                var hint = enclosingEnds.Length > 0
                    ? $" Jinja was looking for the following tags: {string.Join(" or ", enclosingEnds.Select(e => $"'{e}'"))}. The innermost block that needs to be closed is '{enclosingOpener}'."
                    : string.Empty;
                throw Error($"Encountered unknown tag '{token.Value}'.{hint}", token.Line);
        }
    }

    private IfStatement ParseIf(int line)
    {
        var branches = new List<(Expression, IReadOnlyList<Statement>)>();
        List<Statement>? elseBody = null;
        var test = ParseTuple(withCondExpr: false);
        while (true)
        {
            Expect(TokenKind.BlockEnd);
            var (body, end) = ParseBody(["elif", "else", "endif"], "if");
            branches.Add((test, body));
            if (end == "elif")
            {
                test = ParseTuple(withCondExpr: false);
                continue;
            }

            if (end == "else")
            {
                Expect(TokenKind.BlockEnd);
                (elseBody, _) = ParseBody(["endif"], "if");
            }

            Expect(TokenKind.BlockEnd);
            return new IfStatement(line, branches, elseBody);
        }
    }

    private ForStatement ParseFor(int line)
    {
        var targets = ParseNameTargets();
        if (!SkipName("in"))
        {
            throw Error($"expected token 'in', got {Current.Describe()}");
        }

        var iterable = ParseTuple(withCondExpr: false, stopNames: ["recursive", "if"]);
        Expression? filter = null;
        if (SkipName("if"))
        {
            filter = ParseExpression();
        }

        var recursive = SkipName("recursive");

        Expect(TokenKind.BlockEnd);
        var (body, end) = ParseBody(["endfor", "else"], "for");
        List<Statement>? elseBody = null;
        if (end == "else")
        {
            Expect(TokenKind.BlockEnd);
            (elseBody, _) = ParseBody(["endfor"], "for");
        }

        Expect(TokenKind.BlockEnd);
        return new ForStatement(line, targets, iterable, filter, body, elseBody, recursive);
    }

    /// <summary>A loop or set target: one name, or names to unpack (with or without parentheses).</summary>
    private List<string> ParseNameTargets()
    {
        var parenthesised = SkipOperator("(");
        var names = new List<string> { Expect(TokenKind.Name).Value };
        while (SkipOperator(","))
        {
            if (Current.Kind != TokenKind.Name || Current.IsName("in"))
            {
                break;
            }

            names.Add(Next().Value);
        }

        if (parenthesised)
        {
            Expect(TokenKind.Operator, ")");
        }

        return names;
    }

    private Statement ParseSet(int line)
    {
        Assignment target;
        if (Current.Kind == TokenKind.Name && Peek().IsOperator(".") && Peek(2).Kind == TokenKind.Name)
        {
            var ns = Next();
            Next();
            var attribute = Next().Value;
            target = Assignment.NamespaceAttribute(new NameExpression(ns.Line, ns.Value), attribute);
        }
        else
        {
            var names = ParseNameTargets();
            target = names.Count == 1 ? Assignment.Name(names[0]) : Assignment.Tuple(names);
        }

        if (SkipOperator("="))
        {
            var value = ParseTuple(withCondExpr: true);
            Expect(TokenKind.BlockEnd);
            return new SetStatement(line, target, value);
        }

        var filters = new List<FilterExpression>();
        while (SkipOperator("|"))
        {
            filters.Add(ParseFilter(null));
        }

        Expect(TokenKind.BlockEnd);
        var (body, _) = ParseBody(["endset"], "set");
        Expect(TokenKind.BlockEnd);
        return new SetBlockStatement(line, target, filters, body);
    }

    private MacroStatement ParseMacro(int line)
    {
        var name = Expect(TokenKind.Name).Value;
        var parameters = ParseParameters();
        Expect(TokenKind.BlockEnd);
        var (body, _) = ParseBody(["endmacro"], "macro");
        if (Current.Kind == TokenKind.Name)
        {
            Next();
        }

        Expect(TokenKind.BlockEnd);
        return new MacroStatement(line, name, parameters, body);
    }

    private List<MacroParameter> ParseParameters()
    {
        var parameters = new List<MacroParameter>();
        Expect(TokenKind.Operator, "(");
        while (!Current.IsOperator(")"))
        {
            if (parameters.Count > 0)
            {
                Expect(TokenKind.Operator, ",");
                if (Current.IsOperator(")"))
                {
                    break;
                }
            }

            var parameter = Expect(TokenKind.Name).Value;
            var fallback = SkipOperator("=") ? ParseExpression() : null;
            if (fallback is null && parameters.Any(p => p.Default is not null))
            {
                throw Error("non-default argument follows default argument");
            }

            parameters.Add(new MacroParameter(parameter, fallback));
        }

        Expect(TokenKind.Operator, ")");
        return parameters;
    }

    private CallBlockStatement ParseCallBlock(int line)
    {
        var parameters = Current.IsOperator("(") ? ParseParameters() : [];
        var call = ParseExpression();
        if (call is not CallExpression callExpression)
        {
            throw Error("expected call", line);
        }

        Expect(TokenKind.BlockEnd);
        var (body, _) = ParseBody(["endcall"], "call");
        Expect(TokenKind.BlockEnd);
        return new CallBlockStatement(line, callExpression, parameters, body);
    }

    private FilterBlockStatement ParseFilterBlock(int line)
    {
        var filters = new List<FilterExpression> { ParseFilter(null) };
        while (SkipOperator("|"))
        {
            filters.Add(ParseFilter(null));
        }

        Expect(TokenKind.BlockEnd);
        var (body, _) = ParseBody(["endfilter"], "filter");
        Expect(TokenKind.BlockEnd);
        return new FilterBlockStatement(line, filters, body);
    }
}
