namespace Synapse.Templates.Ast;

/// <summary>How a statement ended: normally, or by break/continue that the enclosing loop must see.</summary>
internal enum Flow
{
    Normal,
    Break,
    Continue,
}
