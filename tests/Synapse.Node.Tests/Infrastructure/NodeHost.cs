using System.ClientModel;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using OpenAI;
using OpenAI.Chat;
using Synapse.Engine;

namespace Synapse.Node.Tests.Infrastructure;

/// <summary>A real node on Kestrel at 127.0.0.1 on a free port, with its own environment (not the test process's).</summary>
public sealed class NodeHost : IAsyncDisposable
{
    private static readonly TimeSpan ClientTimeout = TimeSpan.FromMinutes(3);

    private NodeHost(WebApplication app, string baseUrl, string model, string? dataDir)
    {
        _dataDir = dataDir;
        App = app;
        BaseUrl = baseUrl;
        Model = model;
        // No draining of abandoned responses: a disposed stream closes its connection at once, as a client that goes away.
        Http = new HttpClient(new SocketsHttpHandler { MaxResponseDrainSize = 0, ResponseDrainTimeout = TimeSpan.Zero })
        {
            BaseAddress = new Uri(baseUrl),
            // A safety net, not a measure: a constrained 1,000-token reply took over a minute on a machine at load 14.
            Timeout = ClientTimeout,
        };
    }

    // The node's own SYNAPSE_DATA_DIR (the response store), unless the test gave one: never the user's home.
    private readonly string? _dataDir;

    public WebApplication App { get; }
    public string BaseUrl { get; }
    /// <summary>The served model id (MODEL_NAME).</summary>
    public string Model { get; }
    public HttpClient Http { get; }

    public IServiceProvider Services => App.Services;

    /// <summary>Starts a node. <paramref name="engine"/> replaces llama.cpp's (HTTP-level tests); otherwise the real engine loads <c>--model</c>.</summary>
    public static async Task<NodeHost> StartAsync(string modelPath, IEnumerable<string>? args = null, IInferenceEngine? engine = null,
        IDictionary<string, string?>? environment = null, bool waitUntilReady = true, Action<IServiceCollection>? configureServices = null)
    {
        var env = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase)
        {
            ["Logging__LogLevel__Default"] = "Warning",
            ["Logging__LogLevel__Synapse"] = "Information",
        };
        foreach (var (key, value) in environment ?? new Dictionary<string, string?>())
        {
            env[key] = value;
        }

        string? dataDir = null;
        if (!env.ContainsKey("SYNAPSE_DATA_DIR"))
        {
            dataDir = Directory.CreateTempSubdirectory("synapse-node-data-").FullName;
            env["SYNAPSE_DATA_DIR"] = dataDir;
        }

        string[] allArgs = ["--urls", "http://127.0.0.1:0", "--model", modelPath, "--shutdown-grace", "2", .. args ?? []];
        var app = NodeApplication.Build(allArgs, configureServices, env,
            engine is null ? null : services => services.AddSingleton(engine));
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        var host = new NodeHost(app, address.TrimEnd('/'), modelPath, dataDir);
        if (waitUntilReady)
        {
            await host.WaitUntilReadyAsync();
        }

        return host;
    }

    public async Task WaitUntilReadyAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (true)
        {
            using var response = await Http.GetAsync("/health/ready", timeout.Token);
            if (response.StatusCode == HttpStatusCode.OK)
            {
                return;
            }

            await Task.Delay(50, timeout.Token);
        }
    }

    public ChatClient Chat(string? apiKey = null, string? model = null) =>
        new(model ?? Model, new ApiKeyCredential(apiKey ?? "unused"), new OpenAIClientOptions
        {
            Endpoint = new Uri(BaseUrl + "/v1"),
            NetworkTimeout = ClientTimeout,
        });

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await App.StopAsync();
        await App.DisposeAsync();
        if (_dataDir is not null)
        {
            try
            {
                Directory.Delete(_dataDir, recursive: true);
            }
            catch (IOException)
            {
                // A file still held open (Windows): the temp folder is left behind, the test stands.
            }
        }
    }
}
