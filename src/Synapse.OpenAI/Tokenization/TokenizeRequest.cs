using System.Text.Json;
using Synapse.OpenAI.Chat;

namespace Synapse.OpenAI.Tokenization;

/// <summary>
/// <c>POST /tokenize</c> (llama-server and vLLM; not part of OpenAI's API): text (<c>content</c>, or vLLM's
/// <c>prompt</c>) or chat <c>messages</c> rendered with the model's chat template as the chat endpoint renders them.
/// Unknown fields are ignored.
/// </summary>
public sealed class TokenizeRequest
{
    public string? Model { get; set; }

    /// <summary>The text to tokenize (llama-server's name).</summary>
    public string? Content { get; set; }

    /// <summary>The text to tokenize (vLLM's name); one of <c>content</c>, <c>prompt</c> and <c>messages</c>.</summary>
    public string? Prompt { get; set; }

    /// <summary>Add the model's special tokens (BOS) to text; default true (vLLM's default). Not for messages.</summary>
    public bool? AddSpecial { get; set; }

    /// <summary>Special-token text (e.g. <c>&lt;|im_start|&gt;</c>) becomes the special token; default true (llama-server's).</summary>
    public bool? ParseSpecial { get; set; }

    /// <summary>Answer each token as <c>{"id", "piece"}</c> instead of a bare id.</summary>
    public bool? WithPieces { get; set; }

    public List<ChatMessage>? Messages { get; set; }

    public List<ChatTool>? Tools { get; set; }

    public JsonElement? ToolChoice { get; set; }

    public Dictionary<string, JsonElement>? ChatTemplateKwargs { get; set; }

    /// <summary>End the rendered messages with the assistant's generation prompt, as chat does; default true.</summary>
    public bool? AddGenerationPrompt { get; set; }
}
