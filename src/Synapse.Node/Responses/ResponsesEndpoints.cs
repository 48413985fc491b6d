using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Synapse.Engine;
using Synapse.Node.Chat;
using Synapse.Node.Configuration;
using Synapse.Node.Generation;
using Synapse.Node.Models;
using Synapse.Node.Responses.Storage;
using Synapse.OpenAI.Chat;
using Synapse.OpenAI.Common;
using Synapse.OpenAI.Errors;
using Synapse.OpenAI.Responses;
using Synapse.OpenAI.Serialization;
using Synapse.OpenAI.Validation;

namespace Synapse.Node.Responses;

/// <summary>
/// The Responses API: <c>POST /v1/responses</c> maps the request onto a chat request (instructions, the stored
/// conversation of <c>previous_response_id</c>, this input) and answers it on the chat path, then keeps the response
/// in the <see cref="IResponseStore"/> (<c>store</c>, default true); <c>GET</c> and <c>DELETE</c> read and remove it.
/// </summary>
public static class ResponsesEndpoints
{
    private const int DefaultListLimit = 20;
    private const int MaxListLimit = 100;
    private static readonly string[] Orders = ["asc", "desc"];
    private static readonly JsonElement Auto = JsonDocument.Parse("\"auto\"").RootElement.Clone();
    private static readonly JsonElement NoParameters = JsonDocument.Parse("""{"type":"object","properties":{}}""").RootElement.Clone();

    public static IEndpointRouteBuilder MapSynapseResponses(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost("/v1/responses", CreateAsync);
        endpoints.MapGet("/v1/responses/{id}", GetAsync);
        endpoints.MapGet("/v1/responses/{id}/input_items", ListInputItemsAsync);
        endpoints.MapDelete("/v1/responses/{id}", DeleteAsync);
        return endpoints;
    }

    private static async Task CreateAsync(HttpContext context, NodeOptions options, ResponseRequestValidator responseValidator, RequestValidator chatValidator,
        ServedModels models, GenerationRunner runner, ChatPlanner planner, IInferenceEngine engine, [FromServices] IResponseStore store,
        [FromServices] ResponseStoreOptions storeOptions)
    {
        var start = System.Diagnostics.Stopwatch.GetTimestamp();
        var request = await RequestBody.ReadAsync<ResponseRequest>(context, options);
        if (responseValidator.Validate(request) is { } invalid)
        {
            throw invalid;
        }

        var model = models.Resolve(request.Model);
        runner.EnsureAdmitting();
        Embeddings.ModelCapabilities.EnsureGenerative(engine, model, "responses");

        var input = ResponseInputItems.From(request.Input!);
        var conversation = await ResponseChain.LoadAsync(store, request.PreviousResponseId, context.RequestAborted);
        conversation.AddRange(input);
        ChatPlan chat;
        try
        {
            var chatRequest = ResponseChatMapper.ToChat(request, conversation);
            if (chatValidator.Validate(chatRequest) is { } invalidChat)
            {
                throw invalidChat;
            }

            chat = planner.Plan(chatRequest, "input");
        }
        catch (ApiError error)
        {
            throw ResponseChatParams.Rename(error);
        }

        var response = Echo(request, ResponseIds.New(context.Request.Headers[ResponseIds.RouteTagHeader]), model);
        // A node whose store is off keeps nothing, so the answer must not claim it was stored.
        response.Store &= storeOptions.Enabled;
        var formatter = new ResponseFormatter(response, chat.Output,
            text => engine.Tokenize(text, addSpecial: false, parseSpecial: false).Length,
            (finished, cancellationToken) => SaveAsync(store, finished, input, cancellationToken));
        var plan = new GenerationPlan(chat.Choices, request.Stream == true, IncludeUsage: false) { PromptParam = "input", StartTimestamp = start, Model = model };
        await runner.RunAsync(context, plan, formatter);
    }

    /// <summary>The response as it starts: the request's settings echoed with OpenAI's defaults, no output yet.</summary>
    private static ResponseObject Echo(ResponseRequest request, string id, string model) => new()
    {
        Id = id,
        CreatedAt = OpenAIIds.UnixNow(),
        Model = model,
        Instructions = request.Instructions,
        MaxOutputTokens = request.MaxOutputTokens,
        ParallelToolCalls = request.ParallelToolCalls ?? true,
        PreviousResponseId = request.PreviousResponseId,
        Store = request.Store ?? true,
        Temperature = request.Temperature ?? 1,
        TopP = request.TopP ?? 1,
        Text = new ResponseText { Format = request.Text?.Format ?? new ResponseTextFormat { Type = ResponseFormat.TextType }, Verbosity = request.Text?.Verbosity },
        ToolChoice = request.ToolChoice is { ValueKind: not JsonValueKind.Null } choice ? choice : Auto,
        Tools = request.Tools?.Select(tool => new ResponseTool
        {
            Type = "function",
            Name = tool!.Name,
            Description = tool.Description,
            Parameters = tool.Parameters is { ValueKind: JsonValueKind.Object } parameters ? parameters : NoParameters,
            // The grammar makes every call follow its schema: the call is as strict as OpenAI's default promises.
            Strict = tool.Strict ?? true,
        }).ToList() ?? [],
        User = request.User,
        Metadata = request.Metadata ?? [],
    };

    private static async ValueTask SaveAsync(IResponseStore store, ResponseObject response, List<ResponseItem> input, CancellationToken cancellationToken)
    {
        if (!response.Store)
        {
            return;
        }

        await store.SaveAsync(new StoredResponse(response.Id, response.Model, DateTimeOffset.FromUnixTimeSeconds(response.CreatedAt),
            response.PreviousResponseId, OpenAIJson.Serialize(input), OpenAIJson.Serialize(response)), cancellationToken);
    }

    private static async Task GetAsync(HttpContext context, string id, [FromServices] IResponseStore store)
    {
        if (context.Request.Query["stream"] is { Count: > 0 } stream && stream[0] != "false")
        {
            throw ApiError.Unsupported("stream", "Streaming a stored response ('stream' on GET /v1/responses/{id}) is not supported by this server: responses are never run in the background.");
        }

        var stored = await store.FindAsync(id, context.RequestAborted) ?? throw ApiError.ResponseNotFound(id);
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(stored.ResponseJson, context.RequestAborted);
    }

    private static async Task ListInputItemsAsync(HttpContext context, string id, [FromServices] IResponseStore store)
    {
        var query = context.Request.Query;
        if (query["include"].Count > 0 || query["include[]"].Count > 0)
        {
            throw ApiError.Unsupported("include", "'include' is not supported by this server.");
        }

        var order = query["order"] is { Count: > 0 } o ? o[0]! : "desc";
        if (!Orders.Contains(order))
        {
            throw ApiError.InvalidValue("order", order, Orders);
        }

        var limit = Limit(query["limit"]);
        var stored = await store.FindAsync(id, context.RequestAborted) ?? throw ApiError.ResponseNotFound(id);
        var items = OpenAIJson.Deserialize<List<ResponseItem>>(stored.InputItemsJson) ?? [];
        if (order == "desc")
        {
            items.Reverse();
        }

        var first = 0;
        if (query["after"] is { Count: > 0 } after)
        {
            var index = items.FindIndex(item => item.Id == after[0]);
            first = index >= 0 ? index + 1 : throw ApiError.InvalidValue("after", $"Invalid 'after': response '{id}' has no input item '{after[0]}'.");
        }

        var page = items.Skip(first).Take(limit).ToList();
        await ResponseJson.WriteAsync(context, new ResponseItemList
        {
            Data = page,
            FirstId = page.FirstOrDefault()?.Id,
            LastId = page.LastOrDefault()?.Id,
            HasMore = first + page.Count < items.Count,
        });
    }

    private static int Limit(Microsoft.Extensions.Primitives.StringValues value)
    {
        if (value.Count == 0)
        {
            return DefaultListLimit;
        }

        if (!long.TryParse(value[0], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var limit))
        {
            throw ApiError.InvalidType("limit", "an integer", $"'{value[0]}'");
        }

        return limit switch
        {
            < 1 => throw ApiError.IntegerBelowMin("limit", 1, limit),
            > MaxListLimit => throw ApiError.IntegerAboveMax("limit", MaxListLimit, limit),
            _ => (int)limit,
        };
    }

    private static async Task DeleteAsync(HttpContext context, string id, [FromServices] IResponseStore store)
    {
        if (!await store.DeleteAsync(id, context.RequestAborted))
        {
            throw ApiError.ResponseNotFound(id);
        }

        await ResponseJson.WriteAsync(context, new DeletedResponse { Id = id });
    }
}
