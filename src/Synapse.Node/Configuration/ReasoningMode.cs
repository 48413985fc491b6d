namespace Synapse.Node.Configuration;

/// <summary>Where a thinking model's <c>&lt;think&gt;…&lt;/think&gt;</c> text goes (SYNAPSE_REASONING).</summary>
public enum ReasoningMode
{
    /// <summary>To <c>message.reasoning_content</c> / <c>delta.reasoning_content</c>, as vLLM and llama-server do.</summary>
    Split,

    /// <summary>Left in <c>content</c>, markers and all.</summary>
    Inline,
}
