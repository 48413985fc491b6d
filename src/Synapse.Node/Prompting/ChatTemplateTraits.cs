using Synapse.Node.Tools;

namespace Synapse.Node.Prompting;

/// <summary>What the node reads from the template to parse answers: the tool-call format and <c>&lt;think&gt;</c> support.</summary>
public readonly record struct ChatTemplateTraits(ToolCallFormat ToolFormat, bool Thinks);
