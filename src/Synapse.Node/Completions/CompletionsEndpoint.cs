using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Synapse.Engine;
using Synapse.Engine.Generation;
using Synapse.Node.Configuration;
using Synapse.Node.Generation;
using Synapse.Node.Models;
using Synapse.Node.Prompting;
using Synapse.OpenAI.Common;
using Synapse.OpenAI.Completions;
using Synapse.OpenAI.Errors;
using Synapse.OpenAI.Validation;

namespace Synapse.Node.Completions;

/// <summary>
/// <c>POST /v1/completions</c> (legacy): each prompt — a string, strings, token ids or lists of token ids — gets
/// <c>n</c> choices, indexed prompt by prompt as OpenAI does; then the shared generation path.
/// </summary>
public static class CompletionsEndpoint
{
    public static IEndpointRouteBuilder MapSynapseCompletions(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost("/v1/completions", HandleAsync);
        return endpoints;
    }

    private static async Task HandleAsync(HttpContext context, NodeOptions options, RequestValidator validator, ServedModels models,
        GenerationRunner runner, IInferenceEngine engine, PromptTokenizer tokenizer, SystemFingerprint fingerprint,
        GrammarResolver grammars)
    {
        var start = System.Diagnostics.Stopwatch.GetTimestamp();
        var request = await RequestBody.ReadAsync<CompletionRequest>(context, options);
        if (validator.Validate(request) is { } invalid)
        {
            throw invalid;
        }

        var model = models.Resolve(request.Model);
        runner.EnsureAdmitting();
        Embeddings.ModelCapabilities.EnsureGenerative(engine, model, "completions");

        var input = request.Prompt!;
        var vocabulary = engine.Model.VocabularySize;
        var n = request.N ?? 1;
        var echo = request.Echo == true;
        var grammar = grammars.Resolve(request.ResponseFormat, request.Grammar);
        var choices = new List<ChoicePlan>(input.Count * n);
        for (var p = 0; p < input.Count; p++)
        {
            var param = input.Count == 1 ? "prompt" : $"prompt[{p}]";
            IReadOnlyList<int> tokens;
            string? echoText = null;
            if (input.IsTokens)
            {
                tokens = input.TokenLists[p];
                for (var j = 0; j < tokens.Count; j++)
                {
                    if (tokens[j] >= vocabulary)
                    {
                        throw ApiError.IntegerAboveMax($"{param}[{j}]", vocabulary - 1, tokens[j]);
                    }
                }

                if (echo)
                {
                    echoText = engine.Detokenize(tokens);
                }
            }
            else
            {
                tokens = tokenizer.Tokenize(input.Texts[p]);
                echoText = echo ? input.Texts[p] : null;
                if (tokens.Count == 0)
                {
                    throw ApiError.InvalidValue(param, $"Invalid '{param}': the prompt is empty and this model adds no start token, so there is nothing to continue.");
                }
            }

            var maxTokens = ContextBudget.Check(engine.ContextSize, tokens.Count, request.EffectiveMaxTokens, "prompt");
            for (var i = 0; i < n; i++)
            {
                choices.Add(new ChoicePlan(choices.Count, p, new GenerationRequest
                {
                    PromptTokens = tokens,
                    Sampling = SamplingMapper.Map(request, i, vocabulary),
                    Stop = request.Stop ?? [],
                    MaxTokens = maxTokens,
                    IgnoreEos = request.IgnoreEos == true,
                    Grammar = grammar,
                    Logprobs = request.Logprobs,
                    PromptLogprobs = echo && request.Logprobs is not null,
                })
                { Echo = echoText });
            }
        }

        var formatter = new CompletionResponseFormatter(OpenAIIds.NewCompletionId(), OpenAIIds.UnixNow(), model, fingerprint.Value, request.IncludeUsage,
            token => engine.Detokenize([token]), choices.Count);
        var plan = new GenerationPlan(choices, request.IsStreaming, request.IncludeUsage) { PromptParam = "prompt", StartTimestamp = start, Model = model };
        await runner.RunAsync(context, plan, formatter);
    }
}
