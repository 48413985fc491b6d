using Synapse.Bench;
using Synapse.Bench.Http;
using Synapse.Bench.Load;
using Synapse.Bench.Replay;
using Synapse.Cli.CommandLine;

namespace Synapse.Cli.Bench;

/// <summary>The flags of <c>synapse bench</c> and their validation.</summary>
public static class BenchCommandLine
{
    public const string Description =
        "Measures an OpenAI-compatible server with concurrent streaming requests (--url), or the Synapse engine\n" +
        "in-process on a GGUF model (--engine), and reports throughput and latency per concurrency level.\n" +
        "With --replay it replays multi-turn chats against --url (any OpenAI-compatible base URL: a node, the balancer,\n" +
        "llama-server) and reports TTFT per turn, the share of cached prompt tokens and throughput.";

    public static readonly IReadOnlyList<CommandOption> Options =
    [
        new("--url", "Base URL of an OpenAI-compatible server, with or without /v1.", "URL"),
        new("--baseline-url", "With --url: bench this server first on the same workload and compare (e.g. a node directly vs through the balancer).", "URL"),
        new("--engine", "Load this GGUF in-process and measure the engine without HTTP.", "FILE"),
        new("--compare", "With --engine: serve the model from an in-process node on 127.0.0.1, bench it over HTTP, then in-process, and print the ratio."),
        new("--model", "Model name to send; by default the first id of GET /v1/models.", "NAME"),
        new("--api-key", "Sent as 'Authorization: Bearer KEY'.", "KEY"),
        new("--endpoint", "chat (/v1/chat/completions) or completions (/v1/completions).", "chat|completions") { Default = "chat" },
        new("--concurrency", "Concurrent streams; a list such as 1,4,8 runs one level each.", "N[,N…]") { Default = "1", Repeatable = true },
        new("--requests", "Requests per level.", "N") { Default = "4 × concurrency" },
        new("--duration", "Run each level this long instead of a request count.", "SECONDS"),
        new("--prompt-tokens", "Prompt length in tokens, calibrated against the target's tokenizer.", "N") { Default = "128" },
        new("--output-tokens", "max_tokens of every request.", "N") { Default = "128, 48 with --replay" },
        new("--no-ignore-eos", "Let requests stop at EOS (by default ignore_eos is sent, so every request makes max_tokens)."),
        new("--no-warmup", "Skip the warm-up request."),
        new("--response-format-schema", "HTTP targets: send this JSON Schema file as response_format json_schema (strict) with every request, to measure constrained decoding.", "FILE"),
        new("--background", "Keep N more streams running, unmeasured, during every level (--background 3 --concurrency 1: TTFT on a busy node).", "N") { Default = "0" },
        new("--timeout", "Per-request timeout.", "SECONDS") { Default = "600" },
        new("--json", "Also write the report as JSON to FILE, or to stdout with '-' (the table then goes to stderr).", "FILE|-"),
        new("--threads", "Engine modes: CPU threads.", "N") { Default = "all cores" },
        new("--ctx-size", "Engine modes: context per sequence.", "N") { Default = "the engine's" },
        new("--parallel", "Engine modes: sequence slots.", "N") { Default = "the highest concurrency" },
        new("--replay", "Multi-turn replay against --url: conversations at once, each turn sending the whole chat so far (the server's earlier answers included) plus a new user message."),
        new("--conversations", "Replay: conversations run at once.", "N") { Default = "4" },
        new("--turns", "Replay: turns per conversation.", "N") { Default = "8" },
        new("--system-words", "Replay: words of the system prompt all conversations share.", "N") { Default = "200" },
        new("--turn-words", "Replay: words of each new user message.", "N") { Default = "200" },
        new("--session-user", "Replay: send user \"replay-N\" with conversation N (a session key for routers that stick to it)."),
    ];

    private static readonly string[] ReplayOnly = ["--conversations", "--turns", "--system-words", "--turn-words", "--session-user"];
    private static readonly string[] LoadOnly = ["--concurrency", "--requests", "--duration", "--prompt-tokens", "--background", "--no-warmup", "--endpoint",
        "--response-format-schema"];

    public static BenchInvocation Parse(ParsedArguments args)
    {
        var url = args.GetString("--url");
        var engine = args.GetString("--engine");
        var compare = args.GetSwitch("--compare");
        if (url is null && engine is null)
        {
            throw new UsageException("give --url URL (a running server) or --engine FILE (a GGUF model in-process)");
        }

        if (url is not null && engine is not null)
        {
            throw new UsageException("give either --url or --engine, not both (--engine FILE --compare benches HTTP and in-process on one model)");
        }

        var replay = args.GetSwitch("--replay");
        if (replay)
        {
            if (url is null)
            {
                throw new UsageException("--replay needs --url (the server replayed against)");
            }

            foreach (var flag in LoadOnly.Where(args.Has))
            {
                throw new UsageException($"option '{flag}' does not apply to --replay");
            }
        }
        else
        {
            foreach (var flag in ReplayOnly.Where(args.Has))
            {
                throw new UsageException($"option '{flag}' only applies with --replay");
            }
        }

        var baselineText = args.GetString("--baseline-url");
        if (baselineText is not null && url is null)
        {
            throw new UsageException("--baseline-url needs --url (the server compared against the baseline)");
        }

        Uri? baselineUrl = null;
        if (baselineText is not null && (!Uri.TryCreate(baselineText, UriKind.Absolute, out baselineUrl) || (baselineUrl.Scheme != "http" && baselineUrl.Scheme != "https")))
        {
            throw new UsageException($"option '--baseline-url': '{baselineText}' is not an http:// or https:// URL");
        }

        if (compare && engine is null)
        {
            throw new UsageException("--compare needs --engine FILE");
        }

        if (engine is null)
        {
            foreach (var flag in new[] { "--threads", "--ctx-size", "--parallel" }.Where(args.Has))
            {
                throw new UsageException($"option '{flag}' only applies with --engine");
            }
        }
        else if (!compare && (args.Has("--api-key") || args.Has("--model")))
        {
            throw new UsageException("--model and --api-key apply to HTTP targets (--url, or --engine with --compare)");
        }

        Uri? baseUrl = null;
        if (url is not null && (!Uri.TryCreate(url, UriKind.Absolute, out baseUrl) || (baseUrl.Scheme != "http" && baseUrl.Scheme != "https")))
        {
            throw new UsageException($"option '--url': '{url}' is not an http:// or https:// URL");
        }

        if (args.Has("--requests") && args.Has("--duration"))
        {
            throw new UsageException("give --requests or --duration, not both");
        }

        var schemaFile = args.GetString("--response-format-schema");
        if (schemaFile is not null && engine is not null)
        {
            throw new UsageException("--response-format-schema applies to HTTP targets (--url); the in-process engine bench sends no response format");
        }

        var duration = args.GetOptionalDouble("--duration", 0.1, 86_400);
        var concurrency = args.GetIntList("--concurrency", [1], 1, 4096);
        return new BenchInvocation
        {
            Url = baseUrl,
            BaselineUrl = baselineUrl,
            EnginePath = engine,
            Compare = compare,
            Model = args.GetString("--model"),
            ApiKey = args.GetString("--api-key"),
            Endpoint = args.GetChoice("--endpoint", ["chat", "completions"], "chat") == "chat" ? BenchEndpoint.Chat : BenchEndpoint.Completions,
            JsonPath = args.GetString("--json"),
            Threads = args.GetInt("--threads", 0, 1, 1024),
            ContextSize = args.GetInt("--ctx-size", 0, 16, 1 << 20),
            Parallel = args.GetInt("--parallel", 0, 1, 4096),
            Replay = !replay ? null : new ReplayOptions
            {
                Conversations = args.GetInt("--conversations", 4, 1, 4096),
                Turns = args.GetInt("--turns", 8, 1, 1000),
                SystemWords = args.GetInt("--system-words", 200, 1, 1 << 20),
                TurnWords = args.GetInt("--turn-words", 200, 1, 1 << 20),
                OutputTokens = args.GetInt("--output-tokens", 48, 1, 1 << 20),
                IgnoreEos = !args.GetSwitch("--no-ignore-eos"),
                SendUser = args.GetSwitch("--session-user"),
                RequestTimeout = TimeSpan.FromSeconds(args.GetOptionalDouble("--timeout", 1, 86_400) ?? 600),
            },
            Workload = new WorkloadOptions
            {
                Concurrency = concurrency,
                Requests = args.GetOptionalInt("--requests", 1, 10_000_000),
                Duration = duration is { } d ? TimeSpan.FromSeconds(d) : null,
                PromptTokens = args.GetInt("--prompt-tokens", 128, 1, 1 << 20),
                OutputTokens = args.GetInt("--output-tokens", 128, 1, 1 << 20),
                IgnoreEos = !args.GetSwitch("--no-ignore-eos"),
                Warmup = !args.GetSwitch("--no-warmup"),
                Background = args.GetInt("--background", 0, 0, 4096),
                RequestTimeout = TimeSpan.FromSeconds(args.GetOptionalDouble("--timeout", 1, 86_400) ?? 600),
                ResponseFormatSchema = schemaFile is null ? null : ReadSchema(schemaFile),
            },
        };
    }

    /// <summary>The schema file's JSON text, checked to be one JSON object (the server judges the schema itself).</summary>
    private static string ReadSchema(string file)
    {
        string text;
        try
        {
            text = File.ReadAllText(file);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new UsageException($"option '--response-format-schema': cannot read '{file}': {e.Message}");
        }

        try
        {
            using var document = System.Text.Json.JsonDocument.Parse(text);
            if (document.RootElement.ValueKind != System.Text.Json.JsonValueKind.Object)
            {
                throw new UsageException($"option '--response-format-schema': '{file}' is not a JSON object");
            }

            return document.RootElement.GetRawText();
        }
        catch (System.Text.Json.JsonException e)
        {
            throw new UsageException($"option '--response-format-schema': '{file}' is not valid JSON: {e.Message}");
        }
    }
}
