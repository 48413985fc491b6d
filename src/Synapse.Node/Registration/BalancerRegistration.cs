using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Synapse.Node.Configuration;

namespace Synapse.Node.Registration;

/// <summary>
/// Registers the node with the load balancer (SYNAPSE_BALANCER_URL) once it listens, repeats the registration as its
/// heartbeat, retries with backoff while the balancer is unreachable or refuses, and deregisters when shutdown
/// begins, so the balancer stops routing here before the node drains.
/// </summary>
internal sealed partial class BalancerRegistration(
    NodeOptions options,
    IServer server,
    IHostApplicationLifetime lifetime,
    ILogger<BalancerRegistration> logger) : IHostedService, IDisposable
{
    internal static readonly TimeSpan InitialBackoff = TimeSpan.FromMilliseconds(250);
    private static readonly TimeSpan DeregisterTimeout = TimeSpan.FromSeconds(2);

    private readonly CancellationTokenSource _stopping = new();
    private readonly Lock _gate = new();
    private readonly HttpClient _http = new(new SocketsHttpHandler
    {
        PooledConnectionLifetime = TimeSpan.FromMinutes(5),
        SslOptions = options.BalancerCa is null
            ? new()
            : new() { RemoteCertificateValidationCallback = Synapse.Hosting.Tls.CaTrust.FromPemFile(options.BalancerCa).Validate },
    })
    {
        Timeout = Timeout.InfiniteTimeSpan,
    };
    private CancellationTokenRegistration _startedRegistration;
    private CancellationTokenRegistration _stoppingRegistration;
    private Task _heartbeats = Task.CompletedTask;
    private Task? _deregistration;
    private string? _id;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (options.BalancerUrl is null)
        {
            return Task.CompletedTask;
        }

        if (options.BalancerKey is { } key)
        {
            _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        }

        // The bound address (port 0 included) is known only once the server listens.
        _startedRegistration = lifetime.ApplicationStarted.Register(() => _heartbeats = Task.Run(() => HeartbeatLoopAsync(_stopping.Token)));
        _stoppingRegistration = lifetime.ApplicationStopping.Register(BeginDeregistration);
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (options.BalancerUrl is null)
        {
            return;
        }

        BeginDeregistration();
        await _startedRegistration.DisposeAsync().ConfigureAwait(false);
        await _stoppingRegistration.DisposeAsync().ConfigureAwait(false);
        if (_deregistration is not null)
        {
            await _deregistration.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    public void Dispose()
    {
        _stopping.Dispose();
        _http.Dispose();
    }

    private void BeginDeregistration()
    {
        lock (_gate)
        {
            if (_deregistration is not null)
            {
                return;
            }

            _stopping.Cancel();
            _deregistration = DeregisterAsync();
        }
    }

    private async Task HeartbeatLoopAsync(CancellationToken cancellationToken)
    {
        var balancer = options.BalancerUrl!;
        Uri announced;
        try
        {
            var addresses = server.Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
            announced = AdvertisedUrl.Resolve(options.AdvertiseUrl, addresses, balancer);
        }
        catch (InvalidOperationException exception)
        {
            LogCannotAnnounce(logger, exception.Message);
            return;
        }

        var request = new RegistrationRequest(announced.GetLeftPart(UriPartial.Authority), options.ServedModelIds, options.HeartbeatInterval.TotalSeconds);
        var endpoint = AdminUri(balancer, "admin/nodes/register");
        var backoff = InitialBackoff;
        var failing = false;
        while (!cancellationToken.IsCancellationRequested)
        {
            TimeSpan wait;
            try
            {
                var id = await RegisterOnceAsync(endpoint, request, cancellationToken).ConfigureAwait(false);
                if (failing || !string.Equals(id, _id, StringComparison.Ordinal))
                {
                    LogRegistered(logger, balancer, id, request.Url, string.Join(", ", request.Models), request.HeartbeatSeconds);
                }

                Volatile.Write(ref _id, id);
                failing = false;
                backoff = InitialBackoff;
                wait = options.HeartbeatInterval;
            }
            catch (Exception) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (RegistrationFailedException exception)
            {
                if (!failing)
                {
                    LogRegistrationFailed(logger, balancer, exception.Message);
                }

                failing = true;
                wait = backoff;
                // Doubling up to the heartbeat interval (at least 5 s): a balancer that comes back sees the node within one
                // heartbeat, and a balancer that is down for long gets one small request per interval.
                var cap = options.HeartbeatInterval > TimeSpan.FromSeconds(5) ? options.HeartbeatInterval : TimeSpan.FromSeconds(5);
                backoff = backoff * 2 > cap ? cap : backoff * 2;
            }

            try
            {
                await Task.Delay(wait, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private async Task<string> RegisterOnceAsync(Uri endpoint, RegistrationRequest request, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(RequestTimeout);
        try
        {
            using var response = await _http.PostAsJsonAsync(endpoint, request, RegistrationJsonContext.Default.RegistrationRequest, timeout.Token).ConfigureAwait(false);
            if (response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)
            {
                throw new RegistrationFailedException($"the balancer refused the key ({(int)response.StatusCode}); set SYNAPSE_BALANCER_KEY to the balancer's admin key");
            }

            if (!response.IsSuccessStatusCode)
            {
                throw new RegistrationFailedException($"the balancer answered {(int)response.StatusCode} {response.ReasonPhrase}");
            }

            var answer = await response.Content.ReadFromJsonAsync(RegistrationJsonContext.Default.RegistrationResponse, timeout.Token).ConfigureAwait(false);
            return answer?.Id is { Length: > 0 } id
                ? id
                : throw new RegistrationFailedException("the balancer's answer has no node id");
        }
        catch (HttpRequestException exception)
        {
            throw new RegistrationFailedException(exception.Message);
        }
        catch (System.Text.Json.JsonException exception)
        {
            throw new RegistrationFailedException("the balancer's answer is not the expected JSON: " + exception.Message);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new RegistrationFailedException($"no answer within {RequestTimeout.TotalSeconds:0.#} s");
        }
    }

    /// <summary>A balancer URL with a path prefix keeps it (a base without a trailing slash would lose its last segment).</summary>
    private static Uri AdminUri(Uri balancer, string relative) => new(new Uri(balancer.AbsoluteUri.TrimEnd('/') + "/"), relative);

    private TimeSpan RequestTimeout => options.HeartbeatInterval > TimeSpan.FromSeconds(2) ? options.HeartbeatInterval : TimeSpan.FromSeconds(2);

    private async Task DeregisterAsync()
    {
        // The loop ends at once when stopping is signalled; waiting for it keeps a late heartbeat from re-registering after the delete.
        await _heartbeats.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        var id = Volatile.Read(ref _id);
        if (id is null || options.BalancerUrl is null)
        {
            return;
        }

        using var timeout = new CancellationTokenSource(DeregisterTimeout);
        try
        {
            using var response = await _http.DeleteAsync(AdminUri(options.BalancerUrl, "admin/nodes/" + Uri.EscapeDataString(id)), timeout.Token).ConfigureAwait(false);
            if (response.IsSuccessStatusCode || response.StatusCode == HttpStatusCode.NotFound)
            {
                LogDeregistered(logger, options.BalancerUrl, id);
            }
            else
            {
                LogDeregistrationFailed(logger, options.BalancerUrl, $"the balancer answered {(int)response.StatusCode} {response.ReasonPhrase}");
            }
        }
        catch (Exception exception) when (exception is HttpRequestException or OperationCanceledException)
        {
            // The balancer drops the node after three missed heartbeats anyway.
            LogDeregistrationFailed(logger, options.BalancerUrl, exception.Message);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Registered with the balancer {Balancer} as {Id}: announcing {Url} serving {Models}, heartbeat every {HeartbeatSeconds} s")]
    private static partial void LogRegistered(ILogger logger, Uri balancer, string id, string url, string models, double heartbeatSeconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Cannot register with the balancer {Balancer}: {Reason}; retrying with backoff")]
    private static partial void LogRegistrationFailed(ILogger logger, Uri balancer, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "Not registering with the balancer: {Reason}")]
    private static partial void LogCannotAnnounce(ILogger logger, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Deregistered from the balancer {Balancer} (node {Id})")]
    private static partial void LogDeregistered(ILogger logger, Uri balancer, string id);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not deregister from the balancer {Balancer}: {Reason}; it drops the node after three missed heartbeats")]
    private static partial void LogDeregistrationFailed(ILogger logger, Uri balancer, string reason);
}
