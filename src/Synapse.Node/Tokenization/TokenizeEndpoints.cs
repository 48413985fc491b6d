using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Synapse.Engine;
using Synapse.Node.Configuration;
using Synapse.Node.Generation;
using Synapse.Node.Models;
using Synapse.Node.Prompting;
using Synapse.OpenAI.Chat;
using Synapse.OpenAI.Errors;
using Synapse.OpenAI.Serialization;
using Synapse.OpenAI.Tokenization;
using Synapse.OpenAI.Validation;

namespace Synapse.Node.Tokenization;

/// <summary>
/// <c>POST /tokenize</c> and <c>POST /detokenize</c>, as llama-server and vLLM serve them (at the root, not under
/// <c>/v1</c>, and guarded by the same API keys). Chat messages are rendered and tokenized exactly as the chat
/// endpoint does, so their count is the chat's <c>usage.prompt_tokens</c>. Tokenizing runs on the request's thread
/// (llama.cpp's vocabulary is read-only), never on the inference loop.
/// </summary>
public static class TokenizeEndpoints
{
    public static IEndpointRouteBuilder MapSynapseTokenize(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost("/tokenize", TokenizeAsync);
        endpoints.MapPost("/detokenize", DetokenizeAsync);
        return endpoints;
    }

    private static async Task<IResult> TokenizeAsync(HttpContext context, NodeOptions options, RequestValidator validator, ServedModels models,
        IInferenceEngine engine, IPromptRenderer renderer, PromptTokenizer promptTokenizer)
    {
        var request = await RequestBody.ReadAsync<TokenizeRequest>(context, options);
        models.Resolve(request.Model);
        EnsureReady(engine);
        var tokens = Tokenize(request, validator, engine, renderer, promptTokenizer);
        var pieces = new TokenizedToken[tokens.Length];
        for (var i = 0; i < tokens.Length; i++)
        {
            // llama-server's pieces show special tokens as their text (common_token_to_piece).
            pieces[i] = new TokenizedToken(tokens[i], request.WithPieces == true ? engine.TokenBytes([tokens[i]], renderSpecial: true) : null);
        }

        var response = new TokenizeResponse { Tokens = pieces, Count = tokens.Length, MaxModelLen = engine.ContextSize };
        return Results.Json(response, OpenAIJson.TypeInfo<TokenizeResponse>());
    }

    private static int[] Tokenize(TokenizeRequest request, RequestValidator validator, IInferenceEngine engine, IPromptRenderer renderer,
        PromptTokenizer promptTokenizer)
    {
        if (request.Content is not null && request.Prompt is not null)
        {
            throw ApiError.InvalidValue("prompt", "Send the text as 'content' or as 'prompt', not both.");
        }

        var text = request.Content ?? request.Prompt;
        var textParam = request.Content is not null ? "content" : "prompt";
        if (request.Messages is null)
        {
            if (text is null)
            {
                throw ApiError.MissingParameter("content");
            }

            foreach (var (name, present) in ChatOnlyFields(request))
            {
                if (present)
                {
                    throw ApiError.InvalidValue(name, $"'{name}' applies to 'messages'; this request tokenizes '{textParam}'.");
                }
            }

            return engine.Tokenize(text, request.AddSpecial ?? true, request.ParseSpecial ?? true);
        }

        if (text is not null)
        {
            throw ApiError.InvalidValue(textParam, $"Send either '{textParam}' or 'messages', not both.");
        }

        foreach (var (name, value) in new[] { ("add_special", request.AddSpecial), ("parse_special", request.ParseSpecial) })
        {
            if (value is not null)
            {
                throw ApiError.InvalidValue(name,
                    $"'{name}' applies to 'content'; 'messages' are tokenized as the chat endpoint tokenizes them (special tokens from the template, BOS as the model wants it).");
            }
        }

        var chat = new ChatCompletionRequest
        {
            Model = request.Model,
            Messages = request.Messages,
            Tools = request.Tools,
            ToolChoice = request.ToolChoice,
            ChatTemplateKwargs = request.ChatTemplateKwargs,
        };
        if (validator.Validate(chat) is { } invalid)
        {
            throw invalid;
        }

        return promptTokenizer.Tokenize(renderer.RenderChat(chat, request.AddGenerationPrompt ?? true));
    }

    /// <summary>No vocabulary before the model has loaded, and none promised while the node drains: 503, as chat answers.</summary>
    private static void EnsureReady(IInferenceEngine engine)
    {
        if (!engine.IsReady)
        {
            throw ApiError.NotReady();
        }
    }

    private static IEnumerable<(string Name, bool Present)> ChatOnlyFields(TokenizeRequest request) =>
    [
        ("tools", request.Tools is not null),
        ("tool_choice", request.ToolChoice is not null),
        ("chat_template_kwargs", request.ChatTemplateKwargs is not null),
        ("add_generation_prompt", request.AddGenerationPrompt is not null),
    ];

    private static async Task<IResult> DetokenizeAsync(HttpContext context, NodeOptions options, ServedModels models, IInferenceEngine engine)
    {
        var request = await RequestBody.ReadAsync<DetokenizeRequest>(context, options);
        models.Resolve(request.Model);
        EnsureReady(engine);
        var tokens = request.Tokens ?? throw ApiError.MissingParameter("tokens");
        var vocabulary = engine.Model.VocabularySize;
        for (var i = 0; i < tokens.Count; i++)
        {
            if ((uint)tokens[i] >= (uint)vocabulary)
            {
                throw ApiError.InvalidValue($"tokens[{i}]", $"Token id {tokens[i]} is outside the model's vocabulary (0 to {vocabulary - 1}).");
            }
        }

        // Special tokens come back as their text, as llama-server's and vLLM's detokenize give them.
        var content = System.Text.Encoding.UTF8.GetString(engine.TokenBytes(tokens, renderSpecial: true));
        return Results.Json(new DetokenizeResponse { Content = content }, OpenAIJson.TypeInfo<DetokenizeResponse>());
    }
}
