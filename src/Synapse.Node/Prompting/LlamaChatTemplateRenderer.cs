using Synapse.Engine;
using Synapse.Engine.Model;

namespace Synapse.Node.Prompting;

/// <summary>llama.cpp's built-in template support for the model's <c>tokenizer.chat_template</c>; the Jinja renderer replaces it later.</summary>
public sealed class LlamaChatTemplateRenderer(IInferenceEngine engine) : IPromptRenderer
{
    public string RenderChat(IReadOnlyList<ChatTurn> messages, bool addGenerationPrompt) =>
        engine.ApplyChatTemplate(messages, addGenerationPrompt);
}
