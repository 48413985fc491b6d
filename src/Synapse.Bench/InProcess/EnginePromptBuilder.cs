using Synapse.Bench.Http;
using Synapse.Bench.Prompts;
using Synapse.Engine;
using Synapse.Node.Configuration;
using Synapse.Node.Prompting;
using Synapse.OpenAI.Chat;

namespace Synapse.Bench.InProcess;

/// <summary>
/// Turns the synthetic prompt into tokens the way the node does: chat goes through the model's Jinja chat template
/// (resolved as the node resolves it) with the generation prompt added, legacy completions take the text as is; both are tokenized by the node's
/// PromptTokenizer, so the in-process and HTTP runs of a workload decode the same number of prompt tokens.
/// </summary>
public sealed class EnginePromptBuilder(IInferenceEngine engine, BenchEndpoint endpoint, SyntheticPrompt prompt)
{
    private readonly PromptTokenizer _tokenizer = new(engine);
    private readonly Lazy<ResolvedChatTemplate> _template = new(() => ChatTemplateResolver.Resolve(new NodeOptions(), engine.Model));

    public int Words { get; set; } = 1;

    public int[] Tokens(int requestIndex) => Tokenize(prompt.Build(Words, requestIndex));

    public int CountTokens(int words) => Tokenize(prompt.Build(words, 0)).Length;

    private int[] Tokenize(string text)
    {
        var rendered = endpoint == BenchEndpoint.Chat
            ? _template.Value.Render(new ChatCompletionRequest { Messages = [new ChatMessage { Role = ChatRoles.User, Content = text }] })
            : text;
        return _tokenizer.Tokenize(rendered);
    }
}
