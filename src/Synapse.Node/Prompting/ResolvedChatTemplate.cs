using Synapse.Node.Tools;
using Synapse.OpenAI.Chat;
using Synapse.Templates;

namespace Synapse.Node.Prompting;

/// <summary>The template the node renders with, what the model's special tokens are, and whether system text must be folded.</summary>
public sealed record ResolvedChatTemplate(
    ChatTemplate Template, ChatTemplateOrigin Origin, string? BosToken, string? EosToken, bool FoldsSystemIntoUser)
{
    /// <summary>How the model writes tool calls, from the template's tool markers.</summary>
    public ToolCallFormat ToolFormat { get; init; } = ToolCallFormat.Generic;

    /// <summary>The template knows <c>&lt;think&gt;</c> reasoning.</summary>
    public bool Thinks { get; init; }

    /// <summary>Renders a chat request as the node does (with a generation prompt); throws <see cref="TemplateRenderException"/>.</summary>
    public string Render(ChatCompletionRequest request, TimeProvider? clock = null) => Render(request, addGenerationPrompt: true, clock);

    /// <summary>Renders a chat request, adapted to the template's tool format; throws <see cref="TemplateRenderException"/>.</summary>
    public string Render(ChatCompletionRequest request, bool addGenerationPrompt, TimeProvider? clock = null)
    {
        ArgumentNullException.ThrowIfNull(request);
        var plan = ToolPlan.From(request);
        var format = plan?.FormatFor(ToolFormat) ?? ToolFormat;
        var messages = ToolPromptAdapter.Adapt(request.Messages ?? [], format, plan);
        return Template.Render(new ChatTemplateInput
        {
            Messages = TemplateMessages.From(messages, FoldsSystemIntoUser),
            // Tools with a reply schema are described in the generic envelope's system message: the template's own
            // tool prompt would ask for its family's call syntax, which the grammar does not allow.
            Tools = format == ToolFormat ? TemplateMessages.Tools(request.Tools) : null,
            AddGenerationPrompt = addGenerationPrompt,
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
        return new ResolvedChatTemplate(template, origin, bos, eos, SystemRoleProbe.RejectsSystemRole(template, bos, eos))
        {
            ToolFormat = ToolCallFormatDetector.Detect(source),
            Thinks = ToolCallFormatDetector.Thinks(source),
        };
    }
}
