using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Synapse.LoadBalancer.Admin;
using Synapse.LoadBalancer.Configuration;
using Synapse.LoadBalancer.Errors;
using Synapse.LoadBalancer.Health;
using Yarp.ReverseProxy.Configuration;
using Yarp.ReverseProxy.Forwarder;
using Yarp.ReverseProxy.Health;
using Synapse.LoadBalancer.Metrics;
using Synapse.LoadBalancer.Models;
using Synapse.LoadBalancer.Nodes;
using Synapse.LoadBalancer.Proxy;
using Synapse.LoadBalancer.Routing;
using Synapse.LoadBalancer.Security;
using Synapse.LoadBalancer.Telemetry;
using Synapse.OpenAI.Errors;

namespace Synapse.LoadBalancer;

/// <summary>The balancer: one OpenAI endpoint in front of many nodes. <c>synapse balancer</c> lands here.</summary>
public static class BalancerApplication
{
    /// <summary>Runs the balancer until Ctrl+C/SIGTERM or <paramref name="cancellationToken"/>; returns the process exit code.</summary>
    public static async Task<int> RunAsync(string[] args, CancellationToken cancellationToken)
    {
        WebApplication app;
        try
        {
            app = Build(args);
        }
        catch (BalancerConfigurationException exception)
        {
            await Console.Error.WriteLineAsync("synapse balancer: " + exception.Message).ConfigureAwait(false);
            return 2;
        }

        await using (app.ConfigureAwait(false))
        {
            try
            {
                await app.RunAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                // Our token, or Ctrl+C/SIGTERM arriving while the host was still starting (the host then cancels its
                // start and throws): either way a requested stop, not a crash.
            }
            catch (IOException exception)
            {
                // An address already in use: one line, no stack.
                await Console.Error.WriteLineAsync("synapse balancer: " + exception.Message).ConfigureAwait(false);
                return 2;
            }
        }

        return Environment.ExitCode;
    }

    /// <summary>Builds the balancer from flags, the environment, appsettings.json and .env (see <see cref="BalancerSettings"/>).</summary>
    public static WebApplication Build(string[] args) => Build(args, environment: null);

    /// <summary>Tests give their own environment instead of the process's, and may replace services last.</summary>
    internal static WebApplication Build(string[] args, IDictionary<string, string?>? environment, Action<IServiceCollection>? configureServices = null)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            Args = args,
            ContentRootPath = Directory.GetCurrentDirectory(),
        });
        BalancerConfigurationBuilder.Configure(builder.Configuration, args, builder.Environment.ContentRootPath, builder.Environment.EnvironmentName, environment);
        // Lowest-precedence defaults: per-request lines from ASP.NET and YARP would bury the balancer's own log.
        builder.Configuration.Sources.Insert(0, new Microsoft.Extensions.Configuration.Memory.MemoryConfigurationSource
        {
            InitialData = new Dictionary<string, string?>
            {
                ["Logging:LogLevel:Default"] = "Information",
                ["Logging:LogLevel:Microsoft.AspNetCore"] = "Warning",
                // YARP logs every failed forward with its stack; the balancer logs retries and failures itself.
                ["Logging:LogLevel:Yarp"] = "Error",
                ["Logging:LogLevel:System.Net.Http"] = "Warning",
            },
        });
        var (options, nodes) = BalancerConfigurationReader.Read(builder.Configuration);

        builder.Logging.AddSimpleConsole(o =>
        {
            o.SingleLine = true;
            o.TimestampFormat = "HH:mm:ss ";
        });
        builder.WebHost.UseUrls(options.Urls);
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            // Above the balancer's own limit, which answers 413 in the envelope; Kestrel's would cut the connection.
            kestrel.Limits.MaxRequestBodySize = options.MaxBodyBytes * 2 + 65536;
        });

        builder.Services.AddSingleton(options);
        builder.Services.AddSynapseBalancer();
        builder.Services.AddSynapseBalancerTelemetry(builder.Configuration);
        configureServices?.Invoke(builder.Services);

        var app = builder.Build();
        app.Services.GetRequiredService<BalancerClock>(); // uptime counts from here, not from the first /admin/status
        app.Services.GetRequiredService<NodePool>().SyncConfigured(nodes);
        app.UseSynapseBalancer();
        return app;
    }

    public static IServiceCollection AddSynapseBalancer(this IServiceCollection services)
    {
        services.AddReverseProxy().AddTransforms<NodeTransforms>();
        services.AddSingleton<NodeProxyConfigProvider>();
        services.AddSingleton<IProxyConfigProvider>(sp => sp.GetRequiredService<NodeProxyConfigProvider>());
        services.AddSingleton<IConfigChangeListener, NodeConfigListener>();
        services.AddSingleton<IForwarderHttpClientFactory, NodeHttpClientFactory>();
        services.AddSingleton<IProbingRequestFactory, NodeProbeRequestFactory>();
        services.AddSingleton<IActiveHealthCheckPolicy, NodeActiveHealthPolicy>();
        services.AddSingleton<IPassiveHealthCheckPolicy, NodePassiveHealthPolicy>();
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<NodePool>();
        services.AddSingleton<NodeClients>();
        services.AddSingleton<NodeSelector>();
        services.AddSingleton<BalancerMetrics>();
        services.AddSingleton<BalancerClock>();
        services.AddSingleton<FailoverMiddleware>();
        services.AddSingleton<ModelPoller>();
        services.AddHostedService<ConfigurationWatcher>();
        services.AddHostedService(sp => sp.GetRequiredService<ModelPoller>());
        services.AddHostedService<RegistrationReaper>();
        return services;
    }

    public static WebApplication UseSynapseBalancer(this WebApplication app)
    {
        app.UseMiddleware<AccessMiddleware>();
        app.UseRouting();

        app.MapGet("/health", () => Results.Json(new BalancerHealth("ok", null), BalancerHealthJsonContext.Default.BalancerHealth));
        app.MapGet("/health/ready", (NodePool pool) => pool.Snapshot.Any(n => n.IsRoutable)
            ? Results.Json(new BalancerHealth("ok", null), BalancerHealthJsonContext.Default.BalancerHealth)
            : Results.Json(new BalancerHealth("no_healthy_node", "No node is healthy."), BalancerHealthJsonContext.Default.BalancerHealth, statusCode: 503));
        app.MapBalancerMetrics();
        app.MapAdmin();
        app.MapFleetModels();

        // YARP's proxy pipeline for /v1/** (all but /v1/models, answered above): the balancer's failover step
        // first (body held for replay, destinations narrowed to the nodes that may take the request), then YARP's
        // own session affinity, load balancing and passive health checks, then YARP's forwarder.
        var failover = app.Services.GetRequiredService<FailoverMiddleware>();
        app.MapReverseProxy(pipeline =>
        {
            pipeline.Use((context, next) => failover.InvokeAsync(context, () => next(context)));
            pipeline.UseSessionAffinity();
            pipeline.UseLoadBalancing();
            pipeline.UsePassiveHealthChecks();
        });
        app.MapFallback(context => ErrorWriter.WriteAsync(context, ApiError.RouteNotFound(context.Request.Method, context.Request.Path)));
        return app;
    }
}
