using System.Text.Json.Serialization;
using Synapse.OpenAI.Serialization;

namespace Synapse.OpenAI.Completions;

/// <summary>
/// The legacy <c>prompt</c>: text prompts (<see cref="Texts"/>) or pre-tokenized ones (<see cref="TokenLists"/>),
/// exactly one of them non-empty. Each entry is a separate prompt with its own <c>n</c> choices.
/// </summary>
[JsonConverter(typeof(PromptInputConverter))]
public sealed class PromptInput
{
    private PromptInput(PromptKind kind, IReadOnlyList<string> texts, IReadOnlyList<IReadOnlyList<int>> tokenLists)
    {
        Kind = kind;
        Texts = texts;
        TokenLists = tokenLists;
    }

    public PromptKind Kind { get; }

    /// <summary>Text prompts (kinds String and StringList); empty otherwise.</summary>
    public IReadOnlyList<string> Texts { get; }

    /// <summary>Token-id prompts (kinds TokenList and TokenListList); empty otherwise.</summary>
    public IReadOnlyList<IReadOnlyList<int>> TokenLists { get; }

    public bool IsTokens => Kind is PromptKind.TokenList or PromptKind.TokenListList;

    /// <summary>How many prompts.</summary>
    public int Count => IsTokens ? TokenLists.Count : Texts.Count;

    public static PromptInput FromText(string text) => new(PromptKind.String, [text], []);

    public static PromptInput FromTexts(IReadOnlyList<string> texts) => new(PromptKind.StringList, texts, []);

    public static PromptInput FromTokens(IReadOnlyList<int> tokens) => new(PromptKind.TokenList, [], [tokens]);

    public static PromptInput FromTokenLists(IReadOnlyList<IReadOnlyList<int>> lists) =>
        new(PromptKind.TokenListList, [], lists);
}
