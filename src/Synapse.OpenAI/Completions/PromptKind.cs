namespace Synapse.OpenAI.Completions;

/// <summary>Which of the four forms <c>prompt</c> came in.</summary>
public enum PromptKind
{
    /// <summary><c>"text"</c></summary>
    String,
    /// <summary><c>["a", "b"]</c>: one completion per string.</summary>
    StringList,
    /// <summary><c>[1, 2, 3]</c>: one prompt of token ids.</summary>
    TokenList,
    /// <summary><c>[[1, 2], [3]]</c>: one completion per token list.</summary>
    TokenListList,
}
