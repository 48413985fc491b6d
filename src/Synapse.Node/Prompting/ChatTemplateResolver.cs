using Synapse.Engine.Model;
using Synapse.Models.Gguf;
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
        else if (ModelTemplate(model) is { } source)
        {
            template = ChatTemplate.Parse(source, "tokenizer.chat_template");
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

    /// <summary>
    /// The engine's reading of <c>tokenizer.chat_template</c>, else the GGUF header read directly (llama.cpp's
    /// metadata lookup has been seen to come back empty for a file that holds the key).
    /// </summary>
    private static string? ModelTemplate(ModelDescription model)
    {
        if (!string.IsNullOrWhiteSpace(model.ChatTemplate))
        {
            return model.ChatTemplate;
        }

        try
        {
            return GgufChatMetadata.Read(model.Path).ChatTemplate is { Length: > 0 } template ? template : null;
        }
        catch (Exception e) when (e is IOException or InvalidDataException or UnauthorizedAccessException or InvalidOperationException)
        {
            return null;
        }
    }
}
