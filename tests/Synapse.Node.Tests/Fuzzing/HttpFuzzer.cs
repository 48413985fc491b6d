using System.Collections.Concurrent;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Synapse.Testing.Fuzzing;

namespace Synapse.Node.Tests.Fuzzing;

/// <summary>
/// Sends seeded mutations of valid requests to a server and checks each answer: no 5xx, no dropped connection,
/// every 4xx in OpenAI's envelope <c>{"error":{"message","type","param","code"}}</c>, every stream read to its end.
/// </summary>
public sealed class HttpFuzzer(HttpClient http, int seed, string? bearer = null)
{
    private static readonly string?[] ContentTypes =
    [
        "application/json", "application/json", "application/json", "application/json; charset=utf-8", "text/plain", null,
        "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "application/json; charset=utf-16", "application/*", "*/*",
    ];

    private static readonly string[] PathIds =
    [
        "%FF", "%ED%A0%80", "%C0%AF", "..", "%2e%2e%2fadmin", "%00", "a%2Fb", new string('x', 3000), "%F0%9F%98%80", "%ud800", "%", " ", "%20",
    ];

    public sealed record Outcome(string Target, int Status);

    public ConcurrentBag<Outcome> Outcomes { get; } = [];
    public ConcurrentQueue<string> Failures { get; } = new();

    /// <summary>The requests for <paramref name="target"/>, all drawn from one seeded mutator so a seed replays them exactly.</summary>
    public IReadOnlyList<FuzzRequest> Generate(FuzzTarget target)
    {
        var mutator = new Mutator(unchecked(seed * 397) ^ StableHash(target.Name));
        var requests = new List<FuzzRequest>(target.Count);
        for (var i = 0; i < target.Count; i++)
        {
            var path = target.Path;
            if (target.MutatePathId && mutator.Next(2) == 0)
            {
                var slash = target.Path.LastIndexOf('/');
                var id = mutator.Pick(PathIds);
                path = target.Path.EndsWith("/drain", StringComparison.Ordinal) || target.Path.EndsWith("/resume", StringComparison.Ordinal)
                    ? "/admin/nodes/" + id + target.Path[slash..]
                    : target.Path[..(slash + 1)] + id;
            }

            byte[]? body = target.Body is null
                ? mutator.Next(4) == 0 ? mutator.MutateJson("{}") : null
                : mutator.Next(50) == 0 ? [] : mutator.MutateJson(target.Body);
            // Mostly JSON, so that most mutations reach the endpoint's own checks rather than the content-type check.
            var contentType = body is null ? null : mutator.Next(5) == 0 ? mutator.Pick(ContentTypes) : "application/json";
            requests.Add(new FuzzRequest(i, target, path, contentType, body));
        }

        return requests;
    }

    /// <summary>Sends every request of <paramref name="target"/>, <paramref name="parallelism"/> at a time.</summary>
    public async Task RunAsync(FuzzTarget target, int parallelism, CancellationToken cancellationToken)
    {
        var requests = Generate(target);
        await Parallel.ForEachAsync(requests, new ParallelOptions { MaxDegreeOfParallelism = parallelism, CancellationToken = cancellationToken },
            async (request, token) => await SendAsync(request, token));
    }

    private async Task SendAsync(FuzzRequest fuzz, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(fuzz.Target.Method, fuzz.Path);
        if (bearer is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        }

        if (fuzz.Body is not null)
        {
            request.Content = new ByteArrayContent(fuzz.Body);
            if (fuzz.ContentType is not null)
            {
                request.Content.Headers.TryAddWithoutValidation("Content-Type", fuzz.ContentType);
            }
        }

        int status;
        string text;
        string? mediaType;
        try
        {
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            status = (int)response.StatusCode;
            mediaType = response.Content.Headers.ContentType?.MediaType;
            // Read to the end: a stream cut short throws here, which is a dropped connection.
            text = await response.Content.ReadAsStringAsync(cancellationToken);
        }
        catch (Exception e) when (e is HttpRequestException or IOException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            Fail(fuzz, $"connection dropped or timed out: {e.GetType().Name}: {e.Message}");
            return;
        }

        // Kestrel refuses a request target holding an encoded NUL while parsing the request line, before any
        // middleware runs, and offers no hook to write that answer's body: counted apart, not failed.
        var refusedByKestrel = status == 400 && mediaType is null && text.Length == 0 && fuzz.Path.Contains("%00", StringComparison.Ordinal);
        Outcomes.Add(new Outcome(fuzz.Target.Name, refusedByKestrel ? -400 : status));
        if (status >= 500)
        {
            Fail(fuzz, $"HTTP {status}: {Truncate(text)}");
        }
        else if (status >= 400 && !refusedByKestrel)
        {
            if (CheckEnvelope(mediaType, text) is { } problem)
            {
                Fail(fuzz, $"HTTP {status} without OpenAI's envelope ({problem}): {Truncate(text)}");
            }
        }
        else if (mediaType == "text/event-stream" && text.Contains("event: response.created", StringComparison.Ordinal))
        {
            // A Responses stream ends with its terminal event, never cut short.
            var last = text.LastIndexOf("event: ", StringComparison.Ordinal);
            var name = text[(last + "event: ".Length)..].Split('\n')[0];
            if (name is not ("response.completed" or "response.incomplete" or "response.failed"))
            {
                Fail(fuzz, $"HTTP {status} Responses stream ending with '{name}' rather than response.completed/incomplete/failed: {Truncate(text)}");
            }
        }
        else if (mediaType == "text/event-stream" && !text.Contains("data: [DONE]", StringComparison.Ordinal) && !text.Contains("\"error\"", StringComparison.Ordinal))
        {
            Fail(fuzz, $"HTTP {status} stream without [DONE] or an error event: {Truncate(text)}");
        }
    }

    /// <summary>Null when <paramref name="text"/> is <c>{"error":{"message":string,"type":string,"param":string|null,"code":string|null}}</c>.</summary>
    public static string? CheckEnvelope(string? mediaType, string text)
    {
        if (mediaType != "application/json")
        {
            return $"content type {mediaType ?? "(none)"}";
        }

        try
        {
            using var document = JsonDocument.Parse(text);
            if (!document.RootElement.TryGetProperty("error", out var error) || error.ValueKind != JsonValueKind.Object)
            {
                return "no error object";
            }

            if (!error.TryGetProperty("message", out var message) || message.ValueKind != JsonValueKind.String || message.GetString()!.Length == 0)
            {
                return "no message";
            }

            if (!error.TryGetProperty("type", out var type) || type.ValueKind != JsonValueKind.String)
            {
                return "no type";
            }

            if (!error.TryGetProperty("param", out var param) || param.ValueKind is not (JsonValueKind.String or JsonValueKind.Null))
            {
                return "no param";
            }

            if (!error.TryGetProperty("code", out var code) || code.ValueKind is not (JsonValueKind.String or JsonValueKind.Null))
            {
                return "no code";
            }

            return null;
        }
        catch (JsonException e)
        {
            return "not JSON: " + e.Message;
        }
    }

    /// <summary>Counts per endpoint and status, one line per endpoint, for the test output.</summary>
    public string Summary()
    {
        var lines = Outcomes.GroupBy(o => o.Target).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g =>
            $"{g.Key}: {g.Count()} requests; " + string.Join(", ", g.GroupBy(o => o.Status).OrderBy(s => s.Key).Select(s => s.Key == -400 ? $"400 x{s.Count()} (Kestrel, NUL in path, empty body)" : $"{s.Key} x{s.Count()}")));
        return string.Join(Environment.NewLine, lines);
    }

    public string FailureReport() =>
        $"{Failures.Count} failure(s) with seed {seed} (replay: SYNAPSE_FUZZ_SEED={seed}); the first ones:{Environment.NewLine}" +
        string.Join(Environment.NewLine, Failures.Take(10));

    private void Fail(FuzzRequest fuzz, string what)
    {
        if (Failures.Count < 200)
        {
            Failures.Enqueue($"{what} <- {fuzz.Describe()}");
        }
    }

    private static string Truncate(string text) => text.Length > 300 ? text[..300] + "..." : text;

    private static int StableHash(string text)
    {
        var hash = 17;
        foreach (var c in Encoding.UTF8.GetBytes(text))
        {
            hash = unchecked(hash * 31 + c);
        }

        return hash;
    }
}
