namespace Synapse.Engine.Grammar;

/// <summary>
/// A GBNF grammar (llama.cpp's dialect) that constrains what a generation may produce, starting at rule
/// <paramref name="Root"/>. With any <see cref="TriggerPatterns"/> or <see cref="TriggerWords"/> it is lazy: the output
/// is free until a trigger appears, and from the trigger on it must follow the grammar.
/// </summary>
/// <param name="Gbnf">The grammar text.</param>
/// <param name="Root">The rule the output must match.</param>
public sealed record GrammarConstraint(string Gbnf, string Root = "root")
{
    /// <summary>
    /// Regular expressions (.NET syntax) matched against the whole output so far; the constrained part starts where the
    /// first capture group starts (the whole match when there is no group), as llama.cpp's trigger patterns do.
    /// </summary>
    public IReadOnlyList<string> TriggerPatterns { get; init; } = [];

    /// <summary>Plain strings; the constrained part starts at the first occurrence of any of them (included).</summary>
    public IReadOnlyList<string> TriggerWords { get; init; } = [];

    /// <summary>True when the grammar waits for a trigger.</summary>
    public bool IsLazy => TriggerPatterns.Count > 0 || TriggerWords.Count > 0;
}
