using Synapse.Hosting.Errors;
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
using Synapse.Hosting.Health;
using Synapse.Hosting.Startup;
using Synapse.Hosting.Security;
using Synapse.WebConsole;
using Synapse.Hosting.Tls;
using Synapse.LoadBalancer.Discovery;

namespace Synapse.LoadBalancer;

/// <summary>The balancer: one OpenAI endpoint in front of many nodes. <c>synapse balancer</c> lands here.</summary>
public static class BalancerApplication
{
    /// <summary>Runs the balancer until Ctrl+C/SIGTERM or <paramref name="cancellationToken"/>; returns the process exit code.</summary>
    public static Task<int> RunAsync(string[] args, CancellationToken cancellationToken) =>
        SynapseHost.RunAsync("synapse balancer", () => Build(args), cancellationToken);

    /// <summary>Builds the balancer from flags, the environment, appsettings.json and .env (see <see cref="BalancerSettings"/>).</summary>
    public static WebApplication Build(string[] args) => Build(args, environment: null);

    /// <summary>Tests give their own environment instead of the process's, and may replace services last.</summary>
    internal static WebApplication Build(string[] args, IDictionary<string, string?>? environment, Action<IServiceCollection>? configureServices = null)
    {
        // appsettings.json is reloaded: node lists and the policy apply without a restart.
        var builder = SynapseHost.CreateBuilder(args, BalancerSettings.All, environment, reloadOnChange: true, new Dictionary<string, string?>
        {
            // YARP logs every failed forward with its stack; the balancer logs retries and failures itself.
            ["Logging:LogLevel:Yarp"] = "Error",
            ["Logging:LogLevel:System.Net.Http"] = "Warning",
        });
        var (options, nodes) = BalancerConfigurationReader.Read(builder.Configuration);

        builder.WebHost.UseUrls(options.Urls);
        if (options.TlsCertificate is not null && options.TlsKey is not null)
        {
            builder.UseCertificate(options.TlsCertificate, options.TlsKey);
        }

        // Above the balancer's own limit, which answers 413 in the envelope; Kestrel's would cut the connection.
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Limits.MaxRequestBodySize = options.MaxBodyBytes * 2 + 65536);

        builder.Services.AddSynapseBalancerOptions();
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
        services.AddSingleton<PrefixPolicy>();
        services.AddSingleton<Yarp.ReverseProxy.LoadBalancing.ILoadBalancingPolicy>(sp => sp.GetRequiredService<PrefixPolicy>());
        services.AddSingleton<BalancerMetrics>();
        services.AddSingleton<BalancerClock>();
        services.AddSingleton<FailoverMiddleware>();
        services.AddSingleton<ModelPoller>();
        services.AddHostedService<ConfigurationWatcher>();
        services.AddHostedService(sp => sp.GetRequiredService<ModelPoller>());
        services.AddHostedService<RegistrationReaper>();
        services.AddSynapseKubernetesDiscovery();
        services.AddSynapseBalancerApiKeys();
        services.AddSynapseBalancerHealth();
        services.AddSingleton<NodeReporter>();
        services.AddSynapseConsole();
        return services;
    }

    public static WebApplication UseSynapseBalancer(this WebApplication app)
    {
        app.UseSynapseApiKeys();
        app.UseRouting();

        app.MapSynapseHealth();
        app.MapBalancerMetrics();
        app.MapAdmin();
        app.MapFleetModels();
        app.MapFleet();
        app.MapSynapseConsole();

        // YARP's proxy pipeline for /v1/** (all but /v1/models, answered above): the balancer's failover step
        // first (body held for replay, destinations narrowed to the nodes that may take the request), then YARP's
        // own session affinity, load balancing and passive health checks, then YARP's forwarder.
        var failover = app.Services.GetRequiredService<FailoverMiddleware>();
        app.MapReverseProxy(pipeline =>
        {
            pipeline.Use((context, next) => failover.InvokeAsync(context, () => next(context)));
            pipeline.UseSessionAffinity();
            pipeline.UseLoadBalancing();
            pipeline.Use((context, next) => failover.WatchNodeAsync(context, () => next(context)));
            pipeline.UsePassiveHealthChecks();
        });
        app.MapFallback(context => OpenAIErrorWriter.WriteAsync(context, ApiError.RouteNotFound(context.Request.Method, context.Request.Path)));
        return app;
    }
}
