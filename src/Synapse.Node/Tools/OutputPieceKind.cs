namespace Synapse.Node.Tools;

public enum OutputPieceKind
{
    Content,
    Reasoning,

    /// <summary>A whole call: its index, id, name and arguments.</summary>
    ToolCall,

    /// <summary>
    /// A call whose arguments follow as <see cref="ToolCallArguments"/> pieces (only with
    /// <see cref="ChatOutputOptions.StreamArguments"/>): its index, id and name, arguments empty.
    /// </summary>
    ToolCallStart,

    /// <summary>The next part of a started call's arguments (<see cref="OutputPiece.Text"/>), by its index.</summary>
    ToolCallArguments,
}
