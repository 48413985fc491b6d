using Synapse.Engine.Model;
using Synapse.Node.Configuration;
using Synapse.Templates;

namespace Synapse.Node.Prompting;

/// <summary>
/// Picks the template: SYNAPSE_CHAT_TEMPLATE's file, else the model's <c>tokenizer.chat_template</c>, else the
/// fallback layout; and probes it once for a template that rejects the system role.
/// </summary>
public static class ChatTemplateResolver
{
    public static ResolvedChatTemplate Resolve(NodeOptions options, ModelDescription model)
    {
        ChatTemplate template;
        ChatTemplateOrigin origin;
        if (options.ChatTemplateText is { } text)
        {
            template = ChatTemplate.Parse(text, options.ChatTemplateFile);
            origin = ChatTemplateOrigin.File;
        }
        else if (!string.IsNullOrWhiteSpace(model.ChatTemplate))
        {
            template = ChatTemplate.Parse(model.ChatTemplate, "tokenizer.chat_template");
            origin = ChatTemplateOrigin.Model;
        }
        else
        {
            template = ChatTemplate.Parse(FallbackChatTemplate.Source, "fallback");
            origin = ChatTemplateOrigin.Fallback;
        }

        var bos = string.IsNullOrEmpty(model.BosToken) ? null : model.BosToken;
        var eos = string.IsNullOrEmpty(model.EosToken) ? null : model.EosToken;
        return new ResolvedChatTemplate(template, origin, bos, eos, SystemRoleProbe.RejectsSystemRole(template, bos, eos));
    }
}
