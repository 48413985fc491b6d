namespace Synapse.Node.Tools;

/// <summary>A part of an answer as the client sees it: content text, reasoning text, or a whole tool call with its id.</summary>
public readonly record struct OutputPiece(OutputPieceKind Kind, string Text, int CallIndex = -1, string? CallId = null, ParsedToolCall? Call = null);
