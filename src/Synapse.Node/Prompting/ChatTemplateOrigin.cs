namespace Synapse.Node.Prompting;

/// <summary>Where the node's chat template came from.</summary>
public enum ChatTemplateOrigin
{
    /// <summary>The model's <c>tokenizer.chat_template</c> metadata.</summary>
    Model,

    /// <summary>The file named by SYNAPSE_CHAT_TEMPLATE.</summary>
    File,

    /// <summary>Neither: <see cref="FallbackChatTemplate"/>.</summary>
    Fallback,
}
