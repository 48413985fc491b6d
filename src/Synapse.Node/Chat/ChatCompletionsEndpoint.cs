using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Synapse.Engine;
using Synapse.Engine.Generation;
using Synapse.Node.Configuration;
using Synapse.Node.Generation;
using Synapse.Node.Models;
using Synapse.Node.Prompting;
using Synapse.Node.Tools;
using Synapse.OpenAI.Chat;
using Synapse.OpenAI.Common;
using Synapse.OpenAI.Errors;
using Synapse.OpenAI.Validation;

namespace Synapse.Node.Chat;

/// <summary><c>POST /v1/chat/completions</c>: render the messages with the chat template, then the shared generation path.</summary>
public static class ChatCompletionsEndpoint
{
    public static IEndpointRouteBuilder MapSynapseChatCompletions(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost("/v1/chat/completions", HandleAsync);
        return endpoints;
    }

    private static async Task HandleAsync(HttpContext context, NodeOptions options, RequestValidator validator, ServedModels models,
        GenerationRunner runner, IInferenceEngine engine, IPromptRenderer renderer, PromptTokenizer tokenizer, SystemFingerprint fingerprint,
        GrammarResolver grammars)
    {
        var start = System.Diagnostics.Stopwatch.GetTimestamp();
        var request = await RequestBody.ReadAsync<ChatCompletionRequest>(context, options);
        if (validator.Validate(request) is { } invalid)
        {
            throw invalid;
        }

        var model = models.Resolve(request.Model);
        runner.EnsureAdmitting();
        Embeddings.ModelCapabilities.EnsureGenerative(engine, model, "chat completions");

        var text = renderer.RenderChat(request);
        var prompt = tokenizer.Tokenize(text);
        var traits = renderer.Traits;
        var output = OutputOptions(request, traits, text, options);
        var toolGrammar = ToolGrammar.For(ToolPlan.From(request), traits.ToolFormat);
        var maxTokens = ContextBudget.Check(engine.ContextSize, prompt.Length, request.EffectiveMaxTokens, "messages");

        var formatGrammar = grammars.Resolve(request.ResponseFormat, request.Grammar);
        if (toolGrammar is not null && formatGrammar is not null)
        {
            // One sampler holds one grammar: a tool call's grammar and a reply schema cannot both be enforced.
            throw ApiError.InvalidValue(request.Grammar is null ? "response_format" : "grammar",
                "Tool calls and a constrained reply format cannot be combined in one request; send tools or a response_format/grammar, not both.");
        }

        var grammar = toolGrammar ?? formatGrammar;
        int? logprobs = request.Logprobs == true ? request.TopLogprobs ?? 0 : null;
        var vocabulary = engine.Model.VocabularySize;
        var n = request.N ?? 1;
        var choices = new ChoicePlan[n];
        for (var i = 0; i < n; i++)
        {
            choices[i] = new ChoicePlan(i, 0, new GenerationRequest
            {
                PromptTokens = prompt,
                Sampling = SamplingMapper.Map(request, i, vocabulary),
                Stop = request.Stop ?? [],
                MaxTokens = maxTokens,
                IgnoreEos = request.IgnoreEos == true,
                Grammar = grammar,
                Logprobs = logprobs,
            });
        }

        var formatter = new ChatResponseFormatter(OpenAIIds.NewChatCompletionId(), OpenAIIds.UnixNow(), model, fingerprint.Value, request.IncludeUsage, output);
        var plan = new GenerationPlan(choices, request.IsStreaming, request.IncludeUsage) { PromptParam = "messages", StartTimestamp = start, Model = model };
        await runner.RunAsync(context, plan, formatter);
    }

    /// <summary>How the answer's text is split: tool calls in the template's format, reasoning unless kept inline.</summary>
    private static ChatOutputOptions OutputOptions(ChatCompletionRequest request, ChatTemplateTraits traits, string prompt, NodeOptions options)
    {
        var tools = ToolPlan.From(request);
        var reasoning = traits.Thinks && options.Reasoning == ReasoningMode.Split;
        return new ChatOutputOptions
        {
            Format = traits.ToolFormat,
            ParseToolCalls = tools?.ExtractsCalls == true,
            ToolNames = tools?.Names ?? new HashSet<string>(StringComparer.Ordinal),
            ParseReasoning = reasoning,
            // DeepSeek-R1 distills and QwQ open the think block in the prompt itself.
            StartsInReasoning = reasoning && prompt.TrimEnd().EndsWith("<think>", StringComparison.Ordinal),
        };
    }
}
