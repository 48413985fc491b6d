using System.Text.Json;
using Synapse.Engine.Grammar;
using Synapse.Node.Generation;
using Synapse.OpenAI.Chat;
using Synapse.OpenAI.Errors;
using static Synapse.Engine.Grammar.JsonSchemaGrammarBuilder;

namespace Synapse.Node.Tools;

/// <summary>
/// The grammar that makes tool calls valid, in the template's format: each call names an offered function and its
/// arguments follow that function's JSON Schema. With <c>required</c> or a named function the whole reply must be
/// calls; with <c>auto</c> the grammar is lazy and starts at the family's call marker, so free text stays free and
/// a call once begun is valid. Built off the inference loop, when the request is planned.
/// </summary>
public static class ToolGrammar
{
    private static readonly JsonElement AnyObject = JsonDocument.Parse("""{"type": "object"}""").RootElement.Clone();
    private static readonly JsonElement AnyString = JsonDocument.Parse("""{"type": "string"}""").RootElement.Clone();

    /// <summary>
    /// Null when no call is to be constrained (no tools, or <c>tool_choice: none</c>). A parameters schema the grammar
    /// cannot enforce is a 400 naming the tool and the keyword.
    /// </summary>
    public static GrammarConstraint? For(ToolPlan? plan, ToolCallFormat format)
    {
        if (plan is null || !plan.ExtractsCalls)
        {
            return null;
        }

        var builder = new JsonSchemaGrammarBuilder();
        var calls = new List<string>();
        foreach (var function in plan.Callable)
        {
            string arguments;
            try
            {
                arguments = builder.AddSchema(function.Parameters is { ValueKind: JsonValueKind.Object } schema ? schema : AnyObject, RuleName(function) + "-args");
            }
            catch (UnsupportedSchemaException e)
            {
                var index = IndexOf(plan, function);
                throw ApiError.InvalidValue($"tools[{index}].function.parameters",
                    $"Invalid 'tools[{index}].function.parameters': the keyword '{e.Keyword}' cannot be enforced when generating calls of '{function.Name}'. {e.Message}");
            }

            calls.Add("(" + CallBody(format, function.Name!, arguments) + ")");
        }

        builder.AddRule("call", string.Join(" | ", calls));
        var several = plan.AllowsSeveralCalls;
        switch (format)
        {
            case ToolCallFormat.Hermes:
                builder.AddRule("call-block", Literal(HermesToolCallSyntax.Open) + " space call " + Literal(HermesToolCallSyntax.Close));
                builder.AddRule("root", several ? "call-block (space call-block)*" : "call-block");
                return Constraint(builder, plan, triggerWords: [HermesToolCallSyntax.Open]);
            case ToolCallFormat.Llama3:
                // Llama 3.1 calls one function per turn: a bare object, or one after <|python_tag|> (a control token
                // the engine shows as its text, which the grammar reads as that text too).
                builder.AddRule("root", "(" + Literal(Llama3ToolCallSyntax.PythonTag) + " space)? call");
                return Constraint(builder, plan, triggerWords: [Llama3ToolCallSyntax.PythonTag], triggerPatterns: [@"^\s*(\{\s*""name"")"]);
            case ToolCallFormat.MistralNemo:
                builder.AddRule("root", Literal(MistralToolCallSyntax.Marker + "[") + " space call " + (several ? "(\",\" space call)* " : "") + Literal("]"));
                return Constraint(builder, plan, triggerWords: [MistralToolCallSyntax.Marker]);
            case ToolCallFormat.MistralArgs:
                builder.AddRule("root", several ? "call+" : "call");
                return Constraint(builder, plan, triggerWords: [MistralToolCallSyntax.Marker]);
            case ToolCallFormat.Phi4Mini:
                builder.AddRule("root", Literal(Phi4MiniToolCallSyntax.Open + "[") + " space call " + (several ? "(\",\" space call)* " : "") + Literal("]" + Phi4MiniToolCallSyntax.Close));
                return Constraint(builder, plan, triggerWords: [Phi4MiniToolCallSyntax.Open]);
            default:
                // The generic envelope is the whole reply: never lazy.
                var list = Literal("{") + " space " + Literal("\"tool_calls\"") + " space \":\" space \"[\" space call " + (several ? "(\",\" space call)* " : "") + "\"]\" space \"}\"";
                if (plan.ForcesCall)
                {
                    builder.AddRule("root", list);
                }
                else
                {
                    var text = Response(builder, plan);
                    builder.AddRule("root", "(" + list + ") | (" + Literal("{") + " space " + Literal("\"response\"") + " space \":\" space " + text + " \"}\")");
                }

                return new GrammarConstraint(builder.Build());
        }
    }

    /// <summary>The rule of the envelope's <c>response</c>: the reply's schema when the request has one, else any string.</summary>
    private static string Response(JsonSchemaGrammarBuilder builder, ToolPlan plan)
    {
        try
        {
            return builder.AddSchema(plan.ResponseSchema ?? AnyString, "response-value");
        }
        catch (UnsupportedSchemaException e)
        {
            throw GrammarResolver.UnsupportedSchema(e);
        }
    }

    private static GrammarConstraint Constraint(JsonSchemaGrammarBuilder builder, ToolPlan plan, IReadOnlyList<string>? triggerWords = null, IReadOnlyList<string>? triggerPatterns = null)
    {
        var grammar = builder.Build();
        return plan.ForcesCall
            ? new GrammarConstraint(grammar)
            : new GrammarConstraint(grammar) { TriggerWords = triggerWords ?? [], TriggerPatterns = triggerPatterns ?? [] };
    }

    /// <summary>One call of <paramref name="name"/> as the family writes it, its arguments matching rule <paramref name="arguments"/>.</summary>
    private static string CallBody(ToolCallFormat format, string name, string arguments)
    {
        var nameValue = Literal("\"" + name + "\"");
        var argumentsKey = format == ToolCallFormat.Llama3 ? "\"parameters\"" : "\"arguments\"";
        var json = "\"{\" space " + Literal("\"name\"") + " space \":\" space " + nameValue + " space \",\" space " + Literal(argumentsKey) + " space \":\" space " + arguments;
        return format switch
        {
            ToolCallFormat.MistralArgs => Literal(MistralToolCallSyntax.Marker + name + MistralToolCallSyntax.ArgsMarker) + " " + arguments,
            ToolCallFormat.MistralNemo => json + " \",\" space " + Literal("\"id\"") + " space \":\" space \"\\\"\" [a-zA-Z0-9]{9} \"\\\"\" space \"}\" space",
            _ => json + " \"}\" space",
        };
    }

    private static int IndexOf(ToolPlan plan, ChatFunctionDefinition function)
    {
        for (var i = 0; i < plan.Functions.Count; i++)
        {
            if (ReferenceEquals(plan.Functions[i], function))
            {
                return i;
            }
        }

        return 0;
    }

    private static string RuleName(ChatFunctionDefinition function) =>
        new(function.Name!.Select(c => char.IsAsciiLetterOrDigit(c) ? c : '-').ToArray());
}
