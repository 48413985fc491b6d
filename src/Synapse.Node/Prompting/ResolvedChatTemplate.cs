using Synapse.Templates;

namespace Synapse.Node.Prompting;

/// <summary>The template the node renders with, what the model's special tokens are, and whether system text must be folded.</summary>
public sealed record ResolvedChatTemplate(
    ChatTemplate Template, ChatTemplateOrigin Origin, string? BosToken, string? EosToken, bool FoldsSystemIntoUser);
