using Synapse.OpenAI.Chat;
using Synapse.Templates;

namespace Synapse.Node.Prompting;

/// <summary>The template the node renders with, what the model's special tokens are, and whether system text must be folded.</summary>
public sealed record ResolvedChatTemplate(
    ChatTemplate Template, ChatTemplateOrigin Origin, string? BosToken, string? EosToken, bool FoldsSystemIntoUser)
{
    /// <summary>Renders a chat request as the node does (with a generation prompt); throws <see cref="TemplateRenderException"/>.</summary>
    public string Render(ChatCompletionRequest request, TimeProvider? clock = null)
    {
        ArgumentNullException.ThrowIfNull(request);
        return Template.Render(new ChatTemplateInput
        {
            Messages = TemplateMessages.From(request.Messages ?? [], FoldsSystemIntoUser),
            Tools = TemplateMessages.Tools(request.Tools),
            AddGenerationPrompt = true,
            BosToken = BosToken,
            EosToken = EosToken,
            ExtraContext = request.ChatTemplateKwargs?.ToDictionary(p => p.Key, p => (object?)p.Value, StringComparer.Ordinal),
        }, clock);
    }

    /// <summary>Parses a template and probes it for system-role rejection.</summary>
    public static ResolvedChatTemplate Create(string source, string? name, ChatTemplateOrigin origin, string? bosToken, string? eosToken)
    {
        var template = ChatTemplate.Parse(source, name);
        var bos = string.IsNullOrEmpty(bosToken) ? null : bosToken;
        var eos = string.IsNullOrEmpty(eosToken) ? null : eosToken;
        return new ResolvedChatTemplate(template, origin, bos, eos, SystemRoleProbe.RejectsSystemRole(template, bos, eos));
    }
}
