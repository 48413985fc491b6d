using System.Text.Json;
using Synapse.Node.Generation;
using Synapse.OpenAI.Chat;

namespace Synapse.Node.Tools;

/// <summary>
/// What a validated request asks of tool calling: the offered functions, <c>tool_choice</c> and
/// <c>parallel_tool_calls</c>, and the reply's JSON Schema when a JSON <c>response_format</c> comes with them.
/// </summary>
public sealed record ToolPlan(IReadOnlyList<ChatFunctionDefinition> Functions, ToolChoiceMode Mode, string? NamedFunction, bool Parallel)
{
    /// <summary>
    /// The schema an answer without a call must follow: set when calls are extracted and the request also asks for a
    /// JSON <c>response_format</c>. Such a request is answered in the generic envelope whatever the template's family
    /// (as llama.cpp's chat layer does): one grammar holds both the calls and <c>{"response": &lt;the schema&gt;}</c>.
    /// </summary>
    public JsonElement? ResponseSchema { get; init; }

    /// <summary>Null when the request offers no tools.</summary>
    public static ToolPlan? From(ChatCompletionRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Tools is not { Count: > 0 } tools)
        {
            return null;
        }

        var functions = tools.Select(t => t.Function!).ToList();
        var (mode, named) = Choice(request.ToolChoice);
        var plan = new ToolPlan(functions, mode, named, request.ParallelToolCalls ?? true);
        return plan.ExtractsCalls && request.Grammar is null && GrammarResolver.SchemaOf(request.ResponseFormat) is { } schema ? plan with { ResponseSchema = schema } : plan;
    }

    /// <summary>The format calls are written in: the generic envelope when the reply has a schema too, else the template's.</summary>
    public ToolCallFormat FormatFor(ToolCallFormat templateFormat) => ResponseSchema is null ? templateFormat : ToolCallFormat.Generic;

    /// <summary>Calls are read from the output (every choice but <c>none</c>).</summary>
    public bool ExtractsCalls => Mode != ToolChoiceMode.None;

    /// <summary>The output must be a call (<c>required</c> or a named function).</summary>
    public bool ForcesCall => Mode is ToolChoiceMode.Required or ToolChoiceMode.Named;

    /// <summary>The functions the model may call now: the named one, or all.</summary>
    public IReadOnlyList<ChatFunctionDefinition> Callable =>
        Mode == ToolChoiceMode.Named ? Functions.Where(f => f.Name == NamedFunction).ToList() : Functions;

    /// <summary>At most one call unless parallel calls are allowed; a named function is called once.</summary>
    public bool AllowsSeveralCalls => Parallel && Mode != ToolChoiceMode.Named;

    public IReadOnlySet<string> Names => Functions.Select(f => f.Name!).ToHashSet(StringComparer.Ordinal);

    private static (ToolChoiceMode Mode, string? Name) Choice(JsonElement? choice)
    {
        if (choice is not { } value || value.ValueKind == JsonValueKind.Null)
        {
            return (ToolChoiceMode.Auto, null);
        }

        if (value.ValueKind == JsonValueKind.String)
        {
            return value.GetString() switch
            {
                "none" => (ToolChoiceMode.None, null),
                "required" => (ToolChoiceMode.Required, null),
                _ => (ToolChoiceMode.Auto, null),
            };
        }

        return (ToolChoiceMode.Named, value.GetProperty("function").GetProperty("name").GetString());
    }
}
