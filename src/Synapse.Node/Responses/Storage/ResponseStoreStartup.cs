using Microsoft.Extensions.Hosting;

namespace Synapse.Node.Responses.Storage;

/// <summary>
/// Opens the store while the node starts, so a corrupt or unwritable file stops the start with one line (exit code
/// 2) rather than failing the first request that stores a response.
/// </summary>
internal sealed class ResponseStoreStartup(IResponseStore store) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) =>
        store is SqliteResponseStore sqlite ? sqlite.OpenAsync(cancellationToken) : Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
