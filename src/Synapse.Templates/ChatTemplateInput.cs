namespace Synapse.Templates;

/// <summary>
/// What <c>apply_chat_template</c> passes to a chat template. Messages and tools are usually JSON from the request
/// (System.Text.Json elements or nodes), or plain .NET dictionaries and lists.
/// </summary>
public sealed record ChatTemplateInput
{
    public required object? Messages { get; init; }

    /// <summary>Tool definitions; the template sees <c>tools</c> = none when this is null.</summary>
    public object? Tools { get; init; }

    /// <summary>RAG documents; the template sees <c>documents</c> = none when this is null.</summary>
    public object? Documents { get; init; }

    public bool AddGenerationPrompt { get; init; } = true;

    /// <summary>The model's BOS text; when null the template sees <c>bos_token</c> as undefined.</summary>
    public string? BosToken { get; init; }

    /// <summary>The model's EOS text; when null the template sees <c>eos_token</c> as undefined.</summary>
    public string? EosToken { get; init; }

    /// <summary>Extra variables (vLLM's <c>chat_template_kwargs</c>: enable_thinking, ...); they may override the others.</summary>
    public IReadOnlyDictionary<string, object?>? ExtraContext { get; init; }
}
