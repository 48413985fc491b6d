namespace Synapse.Node.Prompting;

/// <summary>
/// The layout for a model without a chat template (a base model such as gpt2): each message as
/// "Role: content" followed by a blank line, then "Assistant:" for the model to continue. Documented in docs/chat-templates.md.
/// </summary>
public static class FallbackChatTemplate
{
    public const string Source =
        "{% for message in messages %}{{ message.role | capitalize }}: {{ message.content }}\n\n{% endfor %}"
        + "{% if add_generation_prompt %}Assistant:{% endif %}";
}
