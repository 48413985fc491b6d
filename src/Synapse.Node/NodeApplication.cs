using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Synapse.Engine.Hosting;
using Synapse.Models.Hub;
using Synapse.Engine.Simulation;
using Synapse.Node.Chat;
using Synapse.Node.Completions;
using Synapse.Node.Embeddings;
using Synapse.Node.Configuration;
using Synapse.Node.Errors;
using Synapse.Node.Generation;
using Synapse.Node.Health;
using Synapse.Node.Hosting;
using Synapse.Node.Metrics;
using Synapse.Node.Models;
using Synapse.Node.Prompting;
using Synapse.Node.Registration;
using Synapse.Node.Responses;
using Synapse.Node.Responses.Storage;
using Synapse.Node.Security;
using Synapse.Node.Telemetry;
using Synapse.Node.Tokenization;
using Synapse.Hosting.Health;
using Synapse.Hosting.Startup;
using Synapse.Hosting.Security;
using Synapse.OpenAI.Validation;
using Synapse.WebConsole;

namespace Synapse.Node;

/// <summary>The node: one model served through the OpenAI API. <c>synapse node</c> and <c>dotnet run --project src/Synapse.Node</c> both land here.</summary>
public static partial class NodeApplication
{
    /// <summary>Runs the node until Ctrl+C/SIGTERM or <paramref name="cancellationToken"/>; returns the process exit code.</summary>
    public static Task<int> RunAsync(string[] args, CancellationToken cancellationToken) =>
        SynapseHost.RunAsync("synapse node", () => Build(args), cancellationToken);

    /// <summary>Builds the node from command-line flags, the environment, appsettings.json and .env (see <see cref="NodeSettings"/>).</summary>
    public static WebApplication Build(string[] args) => Build(args, configureServices: null);

    /// <summary>
    /// Tests give their own environment (instead of the process's), may register another engine in place of
    /// llama.cpp's (<paramref name="addEngine"/>), and may replace services last (<paramref name="configureServices"/>).
    /// </summary>
    internal static WebApplication Build(string[] args, Action<IServiceCollection>? configureServices,
        IDictionary<string, string?>? environment = null, Action<IServiceCollection>? addEngine = null)
    {
        var builder = SynapseHost.CreateBuilder(args, NodeSettings.All, environment, reloadOnChange: false);
        var (nodeOptions, _) = NodeConfigurationReader.Read(builder.Configuration);

        builder.WebHost.UseUrls(nodeOptions.Urls);
        if (nodeOptions.TlsCertificate is not null && nodeOptions.TlsKey is not null)
        {
            Synapse.Hosting.Tls.KestrelTls.UseCertificate(builder, nodeOptions.TlsCertificate, nodeOptions.TlsKey);
        }

        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Limits.MaxRequestBodySize = nodeOptions.MaxBodyBytes);
        builder.Services.Configure<HostOptions>(host => host.ShutdownTimeout = nodeOptions.ShutdownGrace);

        builder.Services.AddSynapseNodeOptions();
        if (addEngine is not null)
        {
            addEngine(builder.Services);
        }
        else if (nodeOptions.Engine == NodeEngineKind.Simulated)
        {
            builder.Services.AddSimulatedEngine(simulation =>
            {
                simulation.ModelName = nodeOptions.ModelName;
                simulation.TokensPerSecond = nodeOptions.SimulatedTokensPerSecond;
                simulation.LoadTime = nodeOptions.SimulatedLoadTime;
            });
        }
        else
        {
            builder.Services.AddSynapseEngine();
        }

        builder.Services.AddSynapseNode();
        builder.Services.AddSynapseNodeTelemetry(builder.Configuration);
        // MODEL_NAME becomes a GGUF path on the engine's load path (download, conversion); HF_* come from the same
        // sources as every setting (.env, environment, flags).
        var hub = HubEnvironment.FromVariables(name => builder.Configuration[name]);
        builder.Services.AddSingleton(hub);
        builder.Services.Replace(ServiceDescriptor.Singleton<IModelSource, HubModelSource>());
        configureServices?.Invoke(builder.Services);

        var app = builder.Build();
        app.UseSynapseNode();
        return app;
    }

    /// <summary>Everything of the node but the engine and its options.</summary>
    public static IServiceCollection AddSynapseNode(this IServiceCollection services)
    {
        services.AddSingleton<NodeState>();
        services.AddHostedService<DrainOnShutdown>();
        services.AddHostedService<StartupReport>();
        services.AddSynapseMetrics();
        services.AddSynapseErrors();
        services.AddSynapseNodeApiKeys();
        services.AddSynapseNodeHealth();
        services.AddSynapsePrompting();
        services.AddSingleton<GenerationRunner>();
        services.AddSingleton<Synapse.Node.Chat.ChatPlanner>();
        services.AddSingleton<SystemFingerprint>();
        // A request without `model` gets the served model, as llama-server does (OpenAI would require it).
        services.AddSingleton(new RequestLimits
        {
            RequireModel = false,
            SupportsLogprobs = true,
            SupportsStructuredOutput = true,
            SupportsLogitBias = true,
            SupportsTools = true,
        });
        services.AddSingleton(new Synapse.Engine.Grammar.JsonSchemaGrammarCache());
        services.AddSingleton<GrammarResolver>();
        services.AddSingleton(new Synapse.Node.Tools.ToolGrammarCache());
        services.AddSingleton(sp => new RequestValidator(sp.GetRequiredService<RequestLimits>()));
        services.AddSingleton<ServedModels>();
        services.AddSynapseResponses();
        services.AddResponseStore();
        services.AddSynapseRegistration();
        services.AddSynapseConsole();
        return services;
    }

    public static WebApplication UseSynapseNode(this WebApplication app)
    {
        app.UseMiddleware<RequestMetricsMiddleware>();
        app.UseSynapseErrors();
        app.UseSynapseApiKeys();
        app.UseRouting();
        app.MapSynapseHealth();
        app.MapSynapseMetrics();
        app.MapSynapseModels();
        app.MapSynapseChatCompletions();
        app.MapSynapseCompletions();
        app.MapSynapseTokenize();
        app.MapSynapseResponses();
        app.MapSynapseEmbeddings();
        app.MapSynapseConsole();
        return app;
    }
}
