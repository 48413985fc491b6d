using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Synapse.Engine;
using Synapse.Node.Configuration;
using Synapse.Node.Generation;
using Synapse.Node.Models;
using Synapse.OpenAI.Chat;
using Synapse.OpenAI.Common;
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
        GenerationRunner runner, ChatPlanner planner, IInferenceEngine engine, SystemFingerprint fingerprint)
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

        var chat = planner.Plan(request, "messages");
        var formatter = new ChatResponseFormatter(OpenAIIds.NewChatCompletionId(), OpenAIIds.UnixNow(), model, fingerprint.Value, request.IncludeUsage, chat.Output);
        var plan = new GenerationPlan(chat.Choices, request.IsStreaming, request.IncludeUsage) { PromptParam = "messages", StartTimestamp = start, Model = model };
        await runner.RunAsync(context, plan, formatter);
    }
}
