using System.Text.Json.Serialization;

namespace Synapse.OpenAI.Completions;

/// <summary>
/// Legacy <c>choices[].logprobs</c>: parallel lists over the choice's tokens. With <c>echo</c> the prompt's tokens come
/// first, the very first with a null log-probability and null alternatives (nothing predicts it).
/// </summary>
public sealed class CompletionLogprobs
{
    /// <summary>Character offset of each token in the choice's text.</summary>
    public List<int> TextOffset { get; set; } = [];

    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public List<double?> TokenLogprobs { get; set; } = [];

    public List<string> Tokens { get; set; } = [];

    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public List<Dictionary<string, double>?> TopLogprobs { get; set; } = [];
}
