using System.Net;
using System.Text;
using Synapse.Testing.Fuzzing;

namespace Synapse.Node.Tests.Fuzzing;

/// <summary>
/// Seeded mutation fuzzing of every endpoint of a real node and of a real balancer in front of it: no 5xx, no
/// dropped connection, every 4xx in OpenAI's envelope, and a normal request still served afterwards.
/// SYNAPSE_FUZZ_SEED replays a failure's seed.
/// </summary>
public sealed class HttpFuzzTests
{
    private const int DefaultSeed = 16_2026;
    private const string Chat = """{"model":"fuzz-model","messages":[{"role":"system","content":"be brief"},{"role":"user","content":"hi"}],"max_tokens":2,"temperature":0.7,"top_p":0.9,"stop":["x"],"seed":1,"presence_penalty":0.1,"repetition_penalty":1.1,"chat_template_kwargs":{"enable_thinking":false}}""";
    private const string ChatStream = """{"model":"fuzz-model","messages":[{"role":"user","content":"hi"}],"max_tokens":2,"stream":true,"stream_options":{"include_usage":true},"top_k":5,"min_p":0.1}""";
    private const string Completion = """{"model":"fuzz-model","prompt":"hi","max_tokens":2,"temperature":1,"stop":"x","frequency_penalty":0.5,"echo":false}""";

    private const string Tokenize = """{"model":"fuzz-model","content":"hi <s> there","add_special":true,"parse_special":true,"with_pieces":true}""";
    private const string TokenizeChat = """{"model":"fuzz-model","messages":[{"role":"user","content":"hi"}],"tools":[{"type":"function","function":{"name":"f","parameters":{"type":"object"}}}],"add_generation_prompt":true,"chat_template_kwargs":{"enable_thinking":false}}""";
    private const string Detokenize = """{"model":"fuzz-model","tokens":[1,107,108,35,200]}""";
    private const string Responses = """{"model":"fuzz-model","input":[{"role":"user","content":"hi"},{"type":"function_call","call_id":"c1","name":"f","arguments":"{}"},{"type":"function_call_output","call_id":"c1","output":"x"},{"type":"reasoning","summary":[],"content":[{"type":"reasoning_text","text":"t"}]},{"role":"assistant","content":[{"type":"output_text","text":"a"}]}],"instructions":"be brief","tools":[{"type":"function","name":"f","parameters":{"type":"object","properties":{"a":{"type":"string"}}},"strict":true}],"tool_choice":"none","parallel_tool_calls":false,"max_output_tokens":2,"temperature":0.7,"top_p":0.9,"metadata":{"k":"v"},"text":{"format":{"type":"text"}}}""";
    private const string ResponsesStream = """{"model":"fuzz-model","input":"hi","max_output_tokens":2,"stream":true,"store":false,"text":{"format":{"type":"text"}}}""";
    private const string Embeddings = """{"model":"fuzz-model","input":["hello world","a"],"encoding_format":"base64","dimensions":16,"user":"u"}""";
    private const string EmbeddingTokens = """{"model":"tiny-bert","input":[[101,7592,2088,102],[101,1037,102]],"encoding_format":"float"}""";

    private static int Seed => Mutator.SeedFromEnvironment(DefaultSeed);

    private static FuzzTarget[] Targets(int post, int get) =>
    [
        new("POST /v1/chat/completions", HttpMethod.Post, "/v1/chat/completions", Chat, post),
        new("POST /v1/chat/completions (stream)", HttpMethod.Post, "/v1/chat/completions", ChatStream, post),
        new("POST /v1/completions", HttpMethod.Post, "/v1/completions", Completion, post),
        new("POST /tokenize", HttpMethod.Post, "/tokenize", Tokenize, post / 2),
        new("POST /tokenize (messages)", HttpMethod.Post, "/tokenize", TokenizeChat, post / 2),
        new("POST /detokenize", HttpMethod.Post, "/detokenize", Detokenize, post / 2),
        new("POST /v1/embeddings", HttpMethod.Post, "/v1/embeddings", Embeddings, post / 4),
        new("GET /v1/models", HttpMethod.Get, "/v1/models", null, get),
        new("GET /v1/models/{id}", HttpMethod.Get, "/v1/models/fuzz-model", null, get) { MutatePathId = true },
        new("GET /health", HttpMethod.Get, "/health", null, get),
        new("GET /health/ready", HttpMethod.Get, "/health/ready", null, get),
        new("GET /metrics", HttpMethod.Get, "/metrics", null, get / 4),
    ];

    /// <summary>The Responses API, on the node only (the balancer's routing of it is tested with the balancer).</summary>
    private static FuzzTarget[] ResponsesTargets(int post, int get) =>
    [
        new("POST /v1/responses", HttpMethod.Post, "/v1/responses", Responses, post),
        new("POST /v1/responses (stream)", HttpMethod.Post, "/v1/responses", ResponsesStream, post),
        new("GET /v1/responses/{id}", HttpMethod.Get, "/v1/responses/resp_0123", null, get) { MutatePathId = true },
        new("GET /v1/responses/{id}/input_items", HttpMethod.Get, "/v1/responses/resp_0123/input_items?order=asc&limit=5", null, get),
        new("DELETE /v1/responses/{id}", HttpMethod.Delete, "/v1/responses/resp_0123", null, get) { MutatePathId = true },
    ];

    [Fact]
    public async Task NodeEndpointsAnswerMutatedRequestsWithoutServerErrors()
    {
        await using var pair = await NodeBehindBalancer.StartAsync();
        var fuzzer = new HttpFuzzer(pair.Node.Http, Seed);
        await RunAsync(fuzzer, [.. Targets(post: 2000, get: 300), .. ResponsesTargets(post: 1000, get: 300)]);
        await AssertStillServingAsync(pair.Node.Http);
    }

    /// <summary>The Responses seeds are valid (no grammar: the simulated engine cannot follow one), so mutations start from a 200.</summary>
    [Fact]
    public async Task ResponsesSeedRequestsAreServed()
    {
        await using var pair = await NodeBehindBalancer.StartAsync();
        foreach (var body in new[] { Responses, ResponsesStream })
        {
            using var response = await pair.Node.Http.PostAsync("/v1/responses", new StringContent(body, Encoding.UTF8, "application/json"));
            var text = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == HttpStatusCode.OK, text);
        }
    }

    [Fact]
    public async Task EmbeddingNodeAnswersMutatedEmbeddingRequestsWithoutServerErrors()
    {
        // A real embedding model (the converted tiny-bert), so mutations reach tokenization, batching and pooling.
        var (path, _) = await Synapse.Testing.Embeddings.ConvertedEmbeddingModels.GetAsync("tiny-bert");
        await using var node = await Infrastructure.NodeHost.StartAsync(path,
            ["--parallel", "4", "--queue", "256", "--threads", "1", "--model-aliases", "tiny-bert"],
            environment: new Dictionary<string, string?> { ["Logging__LogLevel__Synapse"] = "Error" });
        var fuzzer = new HttpFuzzer(node.Http, Seed);
        await RunAsync(fuzzer,
        [
            new("POST /v1/embeddings", HttpMethod.Post, "/v1/embeddings", Embeddings.Replace("fuzz-model", "tiny-bert", StringComparison.Ordinal), 800),
            new("POST /v1/embeddings (token ids)", HttpMethod.Post, "/v1/embeddings", EmbeddingTokens, 800),
        ]);
        using var response = await node.Http.PostAsync("/v1/embeddings",
            new StringContent("""{"input":"still serving"}""", Encoding.UTF8, "application/json"), TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task BalancerEndpointsAnswerMutatedRequestsWithoutServerErrors()
    {
        await using var pair = await NodeBehindBalancer.StartAsync();
        var fuzzer = new HttpFuzzer(pair.BalancerHttp, Seed);
        await RunAsync(fuzzer, Targets(post: 600, get: 150));
        await AssertStillServingAsync(pair.BalancerHttp);
    }

    [Fact]
    public async Task BalancerAdminEndpointsAnswerMutatedRequestsWithoutServerErrors()
    {
        await using var pair = await NodeBehindBalancer.StartAsync();
        // The node's own URL as the seed: a mutation that still parses names the same node or a closed loopback port.
        var register = $$"""{"url":"{{pair.Node.BaseUrl}}","models":["fuzz-model"],"heartbeat_seconds":5}""";
        var fuzzer = new HttpFuzzer(pair.BalancerHttp, Seed, NodeBehindBalancer.AdminKey);
        await RunAsync(fuzzer,
        [
            new("GET /admin/status", HttpMethod.Get, "/admin/status", null, 150),
            new("GET /admin/nodes", HttpMethod.Get, "/admin/nodes", null, 150),
            new("POST /admin/nodes", HttpMethod.Post, "/admin/nodes", $$"""{"url":"{{pair.Node.BaseUrl}}"}""", 300),
            new("POST /admin/nodes/register", HttpMethod.Post, "/admin/nodes/register", register, 300),
            new("POST /admin/nodes/{id}/drain", HttpMethod.Post, "/admin/nodes/no-such-node/drain", null, 150) { MutatePathId = true },
            new("POST /admin/nodes/{id}/resume", HttpMethod.Post, "/admin/nodes/no-such-node/resume", null, 150) { MutatePathId = true },
            new("DELETE /admin/nodes/{id}", HttpMethod.Delete, "/admin/nodes/no-such-node", null, 150) { MutatePathId = true },
        ]);
        await AssertStillServingAsync(pair.BalancerHttp);
    }

    private static async Task RunAsync(HttpFuzzer fuzzer, IEnumerable<FuzzTarget> targets)
    {
        var output = TestContext.Current.TestOutputHelper;
        var cancellationToken = TestContext.Current.CancellationToken;
        foreach (var target in targets)
        {
            await fuzzer.RunAsync(target, parallelism: 4, cancellationToken);
        }

        output?.WriteLine($"seed {Seed}");
        output?.WriteLine(fuzzer.Summary());
        Assert.True(fuzzer.Failures.IsEmpty, fuzzer.FailureReport());
    }

    private static async Task AssertStillServingAsync(HttpClient http)
    {
        using var response = await http.PostAsync("/v1/chat/completions",
            new StringContent("""{"model":"fuzz-model","messages":[{"role":"user","content":"hi"}],"max_tokens":2}""", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("\"choices\"", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
