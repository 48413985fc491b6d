using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Synapse.Node.Configuration;

namespace Synapse.Node.Responses.Storage;

public static class ResponseStoreExtensions
{
    /// <summary>
    /// The node's <see cref="IResponseStore"/>: <see cref="SqliteResponseStore"/> over SYNAPSE_DATA_DIR/responses.db,
    /// opened at start, or <see cref="DisabledResponseStore"/> with SYNAPSE_RESPONSES_STORE=false. Its
    /// <see cref="ResponseStoreOptions"/> come from <see cref="NodeOptions"/> unless registered before.
    /// </summary>
    public static IServiceCollection AddResponseStore(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(sp => ResponseStoreOptions.From(sp.GetRequiredService<NodeOptions>()));
        services.TryAddSingleton<IResponseStore>(sp =>
        {
            var options = sp.GetRequiredService<ResponseStoreOptions>();
            return options.Enabled
                ? new SqliteResponseStore(options, sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<SqliteResponseStore>>())
                : new DisabledResponseStore();
        });
        services.TryAddEnumerable(ServiceDescriptor.Singleton<Microsoft.Extensions.Hosting.IHostedService, ResponseStoreStartup>());
        return services;
    }
}
