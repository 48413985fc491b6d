using Synapse.OpenAI.Chat;

namespace Synapse.Node.Prompting;

/// <summary>Turns a chat request into the prompt text the model was trained on (its chat template).</summary>
public interface IPromptRenderer
{
    /// <summary>
    /// Renders the request's messages, tools and <c>chat_template_kwargs</c> with a generation prompt. Throws an
    /// <see cref="Synapse.OpenAI.Errors.ApiError"/> (400) when the template rejects the conversation.
    /// </summary>
    string RenderChat(ChatCompletionRequest request);

    /// <summary>As <see cref="RenderChat(ChatCompletionRequest)"/>, with or without the generation prompt (<c>/tokenize</c>'s <c>add_generation_prompt</c>).</summary>
    string RenderChat(ChatCompletionRequest request, bool addGenerationPrompt);

    /// <summary>The template's tool-call format and whether it reasons in <c>&lt;think&gt;</c> blocks.</summary>
    ChatTemplateTraits Traits { get; }
}
