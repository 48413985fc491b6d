using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Synapse.Testing.Loopback;

namespace Synapse.Cli.Tests.Fakes;

/// <summary>
/// A loopback Kestrel server speaking the OpenAI streaming protocol, to test the load generator (not an engine).
/// Its "tokenizer" counts words plus a fixed template overhead; each output token is one content chunk. It writes
/// frames awkwardly on purpose: keep-alive comments, data split over several lines, frames split across flushes.
/// A chat prompt is all its messages' words; <c>cached_tokens</c> is the longest word prefix shared with an earlier
/// prompt, as a server's prefix cache would report it.
/// </summary>
public sealed class FakeOpenAIServer : IAsyncDisposable
{
    public const string ModelId = "fake-model";
    public const int ChatOverhead = 7;

    private readonly List<string[]> _seenPrompts = [];
    private LoopbackServer _server = null!;
    private int _generations;

    private FakeOpenAIServer()
    {
    }

    public Uri BaseUrl => new(_server.Url + "/v1");

    public ConcurrentQueue<JsonElement> StreamingBodies { get; } = new();

    /// <summary>When set, every Nth streaming request (1-based) answers 503 in the OpenAI envelope.</summary>
    public int FailEvery { get; set; }

    /// <summary>When false, streams carry no usage chunk (as some servers do).</summary>
    public bool SendUsage { get; set; } = true;

    public string? RequiredApiKey { get; set; }

    public static async Task<FakeOpenAIServer> StartAsync()
    {
        var server = new FakeOpenAIServer();
        server._server = await LoopbackServer.StartAsync(app =>
        {
            app.MapGet("/v1/models", () => Results.Json(new { @object = "list", data = new[] { new { id = ModelId, @object = "model" } } }));
            app.MapPost("/v1/chat/completions", ctx => server.Generate(ctx, chat: true));
            app.MapPost("/v1/completions", ctx => server.Generate(ctx, chat: false));
        });
        return server;
    }

    public static int CountWords(string text) => text.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length;

    private async Task Generate(HttpContext ctx, bool chat)
    {
        if (RequiredApiKey is not null && ctx.Request.Headers.Authorization.ToString() != $"Bearer {RequiredApiKey}")
        {
            await Error(ctx, 401, "Incorrect API key provided.");
            return;
        }

        using var doc = await JsonDocument.ParseAsync(ctx.Request.Body);
        var body = doc.RootElement.Clone();
        var text = chat
            ? string.Join(' ', body.GetProperty("messages").EnumerateArray().Select(m => m.GetProperty("content").GetString()!))
            : body.GetProperty("prompt").GetString()!;
        var promptTokens = CountWords(text) + (chat ? ChatOverhead : 0);
        var cachedTokens = Remember(text.Split(' ', StringSplitOptions.RemoveEmptyEntries));
        var maxTokens = body.GetProperty("max_tokens").GetInt32();
        var stream = body.TryGetProperty("stream", out var s) && s.GetBoolean();
        var kind = chat ? "chat.completion" : "text_completion";

        if (!stream)
        {
            await ctx.Response.WriteAsJsonAsync(new
            {
                id = "x",
                @object = kind,
                choices = new[] { chat ? (object)new { index = 0, message = new { role = "assistant", content = "tok" }, finish_reason = "length" } : new { index = 0, text = "tok", finish_reason = "length" } },
                usage = new { prompt_tokens = promptTokens, completion_tokens = 1, total_tokens = promptTokens + 1 },
            });
            return;
        }

        StreamingBodies.Enqueue(body);
        var n = Interlocked.Increment(ref _generations);
        if (FailEvery > 0 && n % FailEvery == 0)
        {
            await Error(ctx, 503, "The server is overloaded.");
            return;
        }

        ctx.Response.ContentType = "text/event-stream";
        var output = ctx.Response.Body;
        await Write(output, ": keep-alive\n\n");
        if (chat)
        {
            await Write(output, "data: {\"object\":\"chat.completion.chunk\",\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"\"}}]}\n\n");
        }

        for (var i = 0; i < maxTokens; i++)
        {
            var piece = JsonSerializer.Serialize(i == 0 ? "tok" : " tok");
            var payload = chat
                ? $"{{\"object\":\"chat.completion.chunk\",\n\"choices\":[{{\"index\":0,\"delta\":{{\"content\":{piece}}}}}]}}"
                : $"{{\"object\":\"text_completion\",\n\"choices\":[{{\"index\":0,\"text\":{piece}}}]}}";
            var frame = "data: " + payload.Replace("\n", "\ndata: ", StringComparison.Ordinal) + "\n\n";
            var cut = frame.Length / 2;
            await Write(output, frame[..cut]);
            await Write(output, frame[cut..]);
            if (i % 5 == 2)
            {
                await Write(output, ": keep-alive\r\n\r\n");
            }
        }

        var finish = chat
            ? "{\"object\":\"chat.completion.chunk\",\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"length\"}]}"
            : "{\"object\":\"text_completion\",\"choices\":[{\"index\":0,\"text\":\"\",\"finish_reason\":\"length\"}]}";
        await Write(output, $"data: {finish}\n\n");
        if (SendUsage)
        {
            await Write(output, $"data: {{\"object\":\"{kind}.chunk\",\"choices\":[],\"usage\":{{\"prompt_tokens\":{promptTokens},\"completion_tokens\":{maxTokens},\"total_tokens\":{promptTokens + maxTokens},\"prompt_tokens_details\":{{\"cached_tokens\":{cachedTokens}}}}}}}\n\n");
        }

        await Write(output, "data: [DONE]\n\n");
    }

    private int Remember(string[] words)
    {
        lock (_seenPrompts)
        {
            var longest = _seenPrompts.Select(seen => seen.Zip(words).TakeWhile(p => p.First == p.Second).Count()).DefaultIfEmpty(0).Max();
            _seenPrompts.Add(words);
            return longest;
        }
    }

    private static async Task Write(Stream output, string text)
    {
        await output.WriteAsync(Encoding.UTF8.GetBytes(text));
        await output.FlushAsync();
    }

    private static Task Error(HttpContext ctx, int status, string message)
    {
        ctx.Response.StatusCode = status;
        return ctx.Response.WriteAsJsonAsync(new { error = new { message, type = "server_error", param = (string?)null, code = (string?)null } });
    }

    public ValueTask DisposeAsync() => _server.DisposeAsync();
}
