using System.Collections.Concurrent;
using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Synapse.OpenAI.Responses;
using Synapse.Testing.Loopback;

namespace Synapse.LoadBalancer.Tests.Infrastructure;

/// <summary>
/// A small Kestrel app on 127.0.0.1 that mimics a node's /health/ready, /v1/models, /v1/chat/completions
/// (JSON and SSE) and /v1/responses (with a store of its own, as a node's), with switches for delays and failures. It can be stopped (connections refused) and started
/// again on the same port.
/// </summary>
public sealed class FakeNode : IAsyncDisposable
{
    private LoopbackServer? _server;
    private int _inFlight;
    private int _requests;
    private int _responsesRequests;

    // What a real node's response store holds: the responses this node made, by id.
    private readonly ConcurrentDictionary<string, string> _stored = new(StringComparer.Ordinal);
    private int _embeddingRequests;

    private FakeNode(string name, IReadOnlyList<string> models)
    {
        Name = name;
        Models = models;
    }

    public string Name { get; }
    public IReadOnlyList<string> Models { get; set; }
    public string Url { get; private set; } = "";
    public int Port { get; private set; }

    public ChatBehaviour Chat { get; set; } = ChatBehaviour.Answer;
    public ReadyBehaviour Ready { get; set; } = ReadyBehaviour.Ready;
    public TimeSpan Delay { get; set; } = TimeSpan.Zero;
    public int StreamChunks { get; set; } = 3;
    public int ChunksBeforeDeath { get; set; } = 2;

    /// <summary>When set, a stream sends its first chunk and then waits for this before the rest.</summary>
    public TaskCompletionSource? StreamGate { get; set; }

    public int Requests => Volatile.Read(ref _requests);

    /// <summary>Embedding requests this node answered.</summary>
    public int EmbeddingRequests => Volatile.Read(ref _embeddingRequests);
    public int InFlight => Volatile.Read(ref _inFlight);
    public ConcurrentQueue<string> AuthorizationHeaders { get; } = new();

    /// <summary>The route tag header of every request to /v1/chat/completions and /v1/responses* (empty when absent).</summary>
    public ConcurrentQueue<string> RouteTagHeaders { get; } = new();

    /// <summary>Responses requests this node answered (any method).</summary>
    public int ResponsesRequests => Volatile.Read(ref _responsesRequests);
    public TaskCompletionSource ClientGone { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public static async Task<FakeNode> StartAsync(string name, params string[] models)
    {
        var node = new FakeNode(name, models.Length == 0 ? ["fake-model"] : models);
        await node.StartAsync(0);
        return node;
    }

    public async Task StartAsync(int port)
    {
        var server = await LoopbackServer.StartAsync(app =>
        {
            app.MapGet("/health/ready", ReadyAsync);
            app.MapGet("/v1/models", ModelsAsync);
            app.MapPost("/v1/chat/completions", ChatAsync);
            app.MapPost("/v1/responses", CreateResponseAsync);
            app.MapGet("/v1/responses/{id}", GetResponseAsync);
            app.MapDelete("/v1/responses/{id}", DeleteResponseAsync);
            app.MapGet("/v1/responses/{id}/input_items", InputItemsAsync);
            app.MapPost("/v1/embeddings", EmbeddingsAsync);
        }, port, kestrel => kestrel.AddServerHeader = false);
        Url = server.Url;
        Port = server.Port;
        _server = server;
    }

    /// <summary>Stops listening: the port refuses connections, as a killed node's.</summary>
    public async Task StopAsync()
    {
        if (_server is { } server)
        {
            _server = null;
            using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(1));
            await server.StopAsync(stop.Token);
        }
    }

    public Task RestartAsync() => StartAsync(Port);

    public async ValueTask DisposeAsync() => await StopAsync();

    private Task ReadyAsync(HttpContext context) => Ready switch
    {
        ReadyBehaviour.Silent => Task.Delay(Timeout.Infinite, context.RequestAborted),
        ReadyBehaviour.Loading => Json(context, 503, """{"status":"loading","reason":"The model is loading or warming up."}"""),
        ReadyBehaviour.Failing => Json(context, 500, """{"status":"broken"}"""),
        _ => Json(context, 200, """{"status":"ok"}"""),
    };

    private Task ModelsAsync(HttpContext context)
    {
        var data = string.Join(",", Models.Select(m => $$"""{"id":"{{m}}","object":"model","created":1700000000,"owned_by":"synapse"}"""));
        return Json(context, 200, $$"""{"object":"list","data":[{{data}}]}""");
    }

    private async Task ChatAsync(HttpContext context)
    {
        Interlocked.Increment(ref _requests);
        Interlocked.Increment(ref _inFlight);
        context.RequestAborted.Register(() => ClientGone.TrySetResult());
        try
        {
            AuthorizationHeaders.Enqueue(context.Request.Headers.Authorization.ToString());
            RouteTagHeaders.Enqueue(context.Request.Headers[ResponseIds.RouteTagHeader].ToString());
            using var reader = new StreamReader(context.Request.Body, Encoding.UTF8);
            var body = await reader.ReadToEndAsync(context.RequestAborted);
            var stream = body.Replace(" ", "", StringComparison.Ordinal).Contains("\"stream\":true", StringComparison.Ordinal);
            switch (Chat)
            {
                case ChatBehaviour.DieBeforeAnswer:
                    await Task.Delay(Delay, context.RequestAborted);
                    context.Abort();
                    return;
                case ChatBehaviour.QueueFull:
                    context.Response.Headers.RetryAfter = "1";
                    await Json(context, 503, """{"error":{"message":"The server is overloaded with other requests.","type":"server_error","param":null,"code":"server_overloaded"}}""");
                    return;
                case ChatBehaviour.ServerError:
                    await Json(context, 500, """{"error":{"message":"boom","type":"server_error","param":null,"code":null}}""");
                    return;
            }

            if (stream)
            {
                await StreamAsync(context);
                return;
            }

            await Task.Delay(Delay, context.RequestAborted);
            await Json(context, 200, $$$"""{"id":"chatcmpl-{{{Name}}}","object":"chat.completion","created":1700000000,"model":"{{{Models[0]}}}","choices":[{"index":0,"message":{"role":"assistant","content":"from {{{Name}}}"},"finish_reason":"stop"}],"usage":{"prompt_tokens":3,"completion_tokens":2,"total_tokens":5}}""");
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
        }
        finally
        {
            Interlocked.Decrement(ref _inFlight);
        }
    }

    /// <summary>One fixed unit vector (0.6, 0.8), as floats or as base64 float32 bytes, for whichever model was asked.</summary>
    private async Task EmbeddingsAsync(HttpContext context)
    {
        Interlocked.Increment(ref _embeddingRequests);
        using var reader = new StreamReader(context.Request.Body, Encoding.UTF8);
        var body = await reader.ReadToEndAsync(context.RequestAborted);
        using var request = System.Text.Json.JsonDocument.Parse(body);
        var model = request.RootElement.TryGetProperty("model", out var m) ? m.GetString() : Models[0];
        var base64 = request.RootElement.TryGetProperty("encoding_format", out var f) && f.GetString() == "base64";
        var vector = base64
            ? "\"" + Convert.ToBase64String([.. BitConverter.GetBytes(0.6f), .. BitConverter.GetBytes(0.8f)]) + "\""
            : "[0.6,0.8]";
        await Json(context, 200, $$$"""{"object":"list","data":[{"object":"embedding","index":0,"embedding":{{{vector}}}}],"model":"{{{model}}}","usage":{"prompt_tokens":2,"total_tokens":2}}""");
    }

    private async Task StreamAsync(HttpContext context)
    {
        context.Response.ContentType = "text/event-stream";
        context.Response.Headers.CacheControl = "no-cache";
        for (var i = 0; i < StreamChunks; i++)
        {
            if (Chat == ChatBehaviour.DieMidStream && i == ChunksBeforeDeath)
            {
                // Half an event first: the balancer must not hand the client a broken JSON line.
                await context.Response.WriteAsync("data: {\"id\":\"chatcmpl-x\",\"obj", context.RequestAborted);
                await context.Response.Body.FlushAsync(context.RequestAborted);
                await Task.Delay(50, context.RequestAborted);
                context.Abort();
                return;
            }

            var delta = (i == 0 ? "{\"role\":\"assistant\"," : "{") + $"\"content\":\"t{i} \"}}";
            await context.Response.WriteAsync(
                $$"""data: {"id":"chatcmpl-{{Name}}","object":"chat.completion.chunk","created":1700000000,"model":"{{Models[0]}}","choices":[{"index":0,"delta":""" + delta + ""","finish_reason":null}]}""" + "\n\n",
                context.RequestAborted);
            await context.Response.Body.FlushAsync(context.RequestAborted);
            if (i == 0 && StreamGate is { } gate)
            {
                await gate.Task.WaitAsync(context.RequestAborted);
            }

            await Task.Delay(Delay, context.RequestAborted);
        }

        await context.Response.WriteAsync(
            $$"""data: {"id":"chatcmpl-{{Name}}","object":"chat.completion.chunk","created":1700000000,"model":"{{Models[0]}}","choices":[{"index":0,"delta":{},"finish_reason":"stop"}]}""" + "\n\ndata: [DONE]\n\n",
            context.RequestAborted);
    }

    /// <summary>
    /// As a node's <c>POST /v1/responses</c>: the id carries the balancer's route tag header, a
    /// <c>previous_response_id</c> this node did not make is a 404, and the response is kept for GET and DELETE.
    /// </summary>
    private async Task CreateResponseAsync(HttpContext context)
    {
        Interlocked.Increment(ref _responsesRequests);
        var tag = context.Request.Headers[ResponseIds.RouteTagHeader].ToString();
        RouteTagHeaders.Enqueue(tag);
        using var document = await JsonDocument.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted);
        string? previous = null;
        if (document.RootElement.TryGetProperty("previous_response_id", out var previousId) && previousId.ValueKind == JsonValueKind.String)
        {
            previous = previousId.GetString()!;
            if (!_stored.ContainsKey(previous))
            {
                await Json(context, 404, $$$"""{"error":{"message":"Previous response with id '{{{previous}}}' not found.","type":"invalid_request_error","param":"previous_response_id","code":"previous_response_not_found"}}""");
                return;
            }
        }

        var id = ResponseIds.New(tag.Length == 0 ? null : tag);
        var previousJson = previous is null ? "null" : $"\"{previous}\"";
        var json = $$$"""{"id":"{{{id}}}","object":"response","created_at":1700000000,"status":"completed","model":"{{{Models[0]}}}","previous_response_id":{{{previousJson}}},"output":[{"type":"message","id":"msg_1","status":"completed","role":"assistant","content":[{"type":"output_text","text":"from {{{Name}}}","annotations":[]}]}]}""";
        _stored[id] = json;
        await Json(context, 200, json);
    }

    private Task GetResponseAsync(HttpContext context, string id) =>
        AnswerStored(context, id, json => Json(context, 200, json));

    private Task DeleteResponseAsync(HttpContext context, string id) =>
        AnswerStored(context, id, _ => _stored.TryRemove(id, out string? _)
            ? Json(context, 200, $$"""{"id":"{{id}}","object":"response.deleted","deleted":true}""")
            : NotFound(context, id));

    private Task InputItemsAsync(HttpContext context, string id) =>
        AnswerStored(context, id, _ => Json(context, 200, """{"object":"list","data":[],"first_id":null,"last_id":null,"has_more":false}"""));

    private Task AnswerStored(HttpContext context, string id, Func<string, Task> answer)
    {
        Interlocked.Increment(ref _responsesRequests);
        RouteTagHeaders.Enqueue(context.Request.Headers[ResponseIds.RouteTagHeader].ToString());
        return _stored.TryGetValue(id, out var json) ? answer(json) : NotFound(context, id);
    }

    private static Task NotFound(HttpContext context, string id) =>
        Json(context, 404, $$$"""{"error":{"message":"No response found with id '{{{id}}}'.","type":"invalid_request_error","param":null,"code":null}}""");

    private static async Task Json(HttpContext context, int status, string json)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(json, context.RequestAborted);
    }

    public override string ToString() => $"{Name} ({Url})";
}
