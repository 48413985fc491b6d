using Synapse.Engine.Model;
using Synapse.Models.Gguf;
using Synapse.Node.Configuration;

namespace Synapse.Node.Prompting;

/// <summary>
/// Picks the template: SYNAPSE_CHAT_TEMPLATE's file, else the model's <c>tokenizer.chat_template</c>, else the
/// fallback layout; and probes it once for a template that rejects the system role.
/// </summary>
public static class ChatTemplateResolver
{
    public static ResolvedChatTemplate Resolve(NodeOptions options, ModelDescription model)
    {
        if (options.ChatTemplateText is { } text)
        {
            return ResolvedChatTemplate.Create(text, options.ChatTemplateFile, ChatTemplateOrigin.File, model.BosToken, model.EosToken);
        }

        return ModelTemplate(model) is { } source
            ? ResolvedChatTemplate.Create(source, GgufChatMetadata.ChatTemplateKey, ChatTemplateOrigin.Model, model.BosToken, model.EosToken)
            : ResolvedChatTemplate.Create(FallbackChatTemplate.Source, "fallback", ChatTemplateOrigin.Fallback, model.BosToken, model.EosToken);
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
