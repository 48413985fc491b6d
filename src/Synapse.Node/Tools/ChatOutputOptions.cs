namespace Synapse.Node.Tools;

/// <summary>How one choice's generated text is split into content, reasoning and tool calls.</summary>
public sealed record ChatOutputOptions
{
    /// <summary>Plain text: no reasoning split, no tool calls.</summary>
    public static ChatOutputOptions PlainText { get; } = new();

    public ToolCallFormat Format { get; init; } = ToolCallFormat.Generic;

    /// <summary>Tools were offered and <c>tool_choice</c> is not <c>none</c>: calls are extracted.</summary>
    public bool ParseToolCalls { get; init; }

    /// <summary>Names of the offered functions: a bare JSON object is a call only when it names one of them.</summary>
    public IReadOnlySet<string> ToolNames { get; init; } = new HashSet<string>(StringComparer.Ordinal);

    /// <summary>
    /// The generic envelope's <c>response</c> is the reply's JSON (a JSON <c>response_format</c> came with the tools):
    /// the content is its JSON text, a string value quoted, so clients' parse helpers read it.
    /// </summary>
    public bool JsonResponse { get; init; }

    /// <summary><c>&lt;think&gt;…&lt;/think&gt;</c> goes to <c>reasoning_content</c>.</summary>
    public bool ParseReasoning { get; init; }

    /// <summary>
    /// The marker texts this output is parsed by (tool-call markers, reasoning tags), which the engine must show even
    /// where the vocabulary has them as control tokens; they never reach the content.
    /// </summary>
    public IReadOnlyList<string> PreservedTokens
    {
        get
        {
            var markers = new List<string>();
            if (ParseToolCalls)
            {
                markers.AddRange(ToolCallSyntax.For(Format).ControlMarkers);
            }

            if (ParseReasoning)
            {
                markers.AddRange(["<think>", "</think>"]);
            }

            return markers;
        }
    }

    /// <summary>
    /// Hand a call out as it is written: a <see cref="OutputPieceKind.ToolCallStart"/> once its name is known, then its
    /// arguments' text in <see cref="OutputPieceKind.ToolCallArguments"/> pieces as it grows (streamed answers).
    /// Calls whose shape does not allow it (arguments before the name, arguments as a string, bare JSON replies)
    /// still come whole.
    /// </summary>
    public bool StreamArguments { get; init; }

    /// <summary>The prompt already opened <c>&lt;think&gt;</c> (DeepSeek-R1 distills, QwQ): the output starts as reasoning.</summary>
    public bool StartsInReasoning { get; init; }
}
