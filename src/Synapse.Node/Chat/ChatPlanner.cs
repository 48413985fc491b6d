using Synapse.Engine;
using Synapse.Engine.Generation;
using Synapse.Node.Configuration;
using Synapse.Node.Generation;
using Synapse.Node.Prompting;
using Synapse.Node.Tools;
using Synapse.OpenAI.Chat;
using Synapse.OpenAI.Errors;

namespace Synapse.Node.Chat;

/// <summary>
/// Plans a validated chat request, for <c>/v1/chat/completions</c> and <c>/v1/responses</c> alike: renders the messages
/// with the chat template, checks the context, and builds the grammar (tool calls or a reply format) and sampling of
/// each choice.
/// </summary>
public sealed class ChatPlanner(NodeOptions options, IInferenceEngine engine, IPromptRenderer renderer, PromptTokenizer tokenizer, GrammarResolver grammars,
    ToolGrammarCache toolGrammars)
{
    /// <param name="promptParam">The request field a context overflow is blamed on (<c>messages</c>, <c>input</c>).</param>
    public ChatPlan Plan(ChatCompletionRequest request, string promptParam)
    {
        ArgumentNullException.ThrowIfNull(request);
        var text = renderer.RenderChat(request);
        var prompt = tokenizer.Tokenize(text);
        var traits = renderer.Traits;
        var tools = ToolPlan.From(request);
        var format = tools?.FormatFor(traits.ToolFormat) ?? traits.ToolFormat;
        var output = OutputOptions(tools, format, traits, text);
        var maxTokens = ContextBudget.Check(engine.ContextSize, prompt.Length, request.EffectiveMaxTokens, promptParam);

        // Resolved first so an unenforceable reply schema is the same 400 with tools as without.
        var formatGrammar = grammars.Resolve(request.ResponseFormat, request.Grammar);
        if (request.Grammar is not null && tools?.ExtractsCalls == true)
        {
            // A reply schema goes inside the tool envelope's grammar; free GBNF cannot be merged with the calls' grammar.
            throw ApiError.InvalidValue("grammar",
                "Invalid 'grammar': a raw GBNF grammar cannot be combined with tool calls (tool_choice other than 'none'): the reply's grammar would have to allow the calls too. Send tools with a JSON 'response_format' (the reply is then either the calls or JSON following its schema), or the grammar without tools.");
        }

        // With a JSON response_format the tool grammar is the generic envelope holding the reply's schema.
        var grammar = toolGrammars.Get(tools, format) ?? formatGrammar;
        int? logprobs = request.Logprobs == true ? request.TopLogprobs ?? 0 : null;
        var vocabulary = engine.Model.VocabularySize;
        var choices = new ChoicePlan[request.N ?? 1];
        for (var i = 0; i < choices.Length; i++)
        {
            choices[i] = new ChoicePlan(i, 0, new GenerationRequest
            {
                PromptTokens = prompt,
                Sampling = SamplingMapper.Map(request, i, vocabulary),
                Stop = request.Stop ?? [],
                MaxTokens = maxTokens,
                IgnoreEos = request.IgnoreEos == true,
                Grammar = grammar,
                PreservedTokens = output.PreservedTokens,
                Logprobs = logprobs,
            });
        }

        return new ChatPlan(choices, output);
    }

    /// <summary>How the answer's text is split: tool calls in the template's format, reasoning unless kept inline.</summary>
    private ChatOutputOptions OutputOptions(ToolPlan? tools, ToolCallFormat format, ChatTemplateTraits traits, string prompt)
    {
        var reasoning = traits.Thinks && options.Reasoning == ReasoningMode.Split;
        return new ChatOutputOptions
        {
            Format = format,
            ParseToolCalls = tools?.ExtractsCalls == true,
            JsonResponse = tools?.ResponseSchema is not null,
            ToolNames = tools?.Names ?? new HashSet<string>(StringComparer.Ordinal),
            ParseReasoning = reasoning,
            // DeepSeek-R1 distills and QwQ open the think block in the prompt itself.
            StartsInReasoning = reasoning && prompt.TrimEnd().EndsWith("<think>", StringComparison.Ordinal),
        };
    }
}
