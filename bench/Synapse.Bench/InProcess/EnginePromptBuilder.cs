using Synapse.Bench.Http;
using Synapse.Bench.Prompts;
using Synapse.Engine;
using Synapse.Engine.Model;
using Synapse.Node.Prompting;

namespace Synapse.Bench.InProcess;

/// <summary>
/// Turns the synthetic prompt into tokens the way the node does: chat goes through the model's chat template with
/// the assistant prompt added, legacy completions take the text as is; both are tokenized by the node's
/// PromptTokenizer, so the in-process and HTTP runs of a workload decode the same number of prompt tokens.
/// </summary>
public sealed class EnginePromptBuilder(IInferenceEngine engine, BenchEndpoint endpoint, SyntheticPrompt prompt)
{
    private readonly PromptTokenizer _tokenizer = new(engine);

    public int Words { get; set; } = 1;

    public int[] Tokens(int requestIndex) => Tokenize(prompt.Build(Words, requestIndex));

    public int CountTokens(int words) => Tokenize(prompt.Build(words, 0)).Length;

    private int[] Tokenize(string text)
    {
        var rendered = endpoint == BenchEndpoint.Chat
            ? engine.ApplyChatTemplate([new ChatTurn("user", text)], addAssistantPrompt: true)
            : text;
        return _tokenizer.Tokenize(rendered);
    }
}
