namespace Synapse.Node.Tools;

public enum OutputPieceKind
{
    Content,
    Reasoning,
    ToolCall,
}
