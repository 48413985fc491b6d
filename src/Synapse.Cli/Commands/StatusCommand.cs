using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Synapse.Cli.CommandLine;
using Synapse.Cli.Status;
using Synapse.LoadBalancer.Admin;

namespace Synapse.Cli.Commands;

/// <summary><c>synapse status</c>: the balancer's <c>GET /admin/status</c> as a table.</summary>
public sealed class StatusCommand : ICommand
{
    private const string Usage = "synapse status [--url URL] [--admin-key KEY]";

    private const string Description =
        "Shows the load balancer's nodes: health, models, requests in flight, totals, errors and recent latency.\n" +
        "The admin key defaults to SYNAPSE_ADMIN_KEY; a balancer without one answers loopback clients only.";

    private static readonly IReadOnlyList<CommandOption> Options =
    [
        new("--url", "The balancer.", "URL") { Default = "http://127.0.0.1:5000" },
        new("--admin-key", "The balancer's admin key (default: SYNAPSE_ADMIN_KEY).", "KEY"),
        new("--json", "Print the raw JSON instead of the table."),
    ];

    public string Name => "status";

    public string Summary => "Show the load balancer's nodes (GET /admin/status) as a table.";

    public async Task<int> RunAsync(IReadOnlyList<string> args, CommandContext context)
    {
        Uri url;
        string? key;
        bool json;
        try
        {
            var parsed = ArgumentParser.Parse(args, Options);
            if (parsed.HelpRequested)
            {
                HelpWriter.Write(context.Out, Usage, Description, Options);
                return ExitCodes.Ok;
            }

            var text = parsed.GetString("--url") ?? "http://127.0.0.1:5000";
            if (!Uri.TryCreate(text, UriKind.Absolute, out url!) || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps))
            {
                throw new UsageException($"option '--url': '{text}' is not an http:// or https:// URL");
            }

            key = parsed.GetString("--admin-key") ?? Environment.GetEnvironmentVariable("SYNAPSE_ADMIN_KEY");
            json = parsed.GetSwitch("--json");
        }
        catch (UsageException exception)
        {
            context.Error.WriteLine($"error: {exception.Message}");
            context.Error.WriteLine();
            HelpWriter.Write(context.Error, Usage, Description, Options);
            return ExitCodes.Usage;
        }

        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(new Uri(url.AbsoluteUri.TrimEnd('/') + "/"), "admin/status"));
        if (!string.IsNullOrEmpty(key))
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        }

        try
        {
            using var response = await http.SendAsync(request, context.CancellationToken).ConfigureAwait(false);
            if (response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)
            {
                context.Error.WriteLine($"error: the balancer at {url} refused the admin key ({(int)response.StatusCode}); pass --admin-key or set SYNAPSE_ADMIN_KEY");
                return ExitCodes.Failure;
            }

            if (!response.IsSuccessStatusCode)
            {
                context.Error.WriteLine($"error: {url} answered {(int)response.StatusCode} {response.ReasonPhrase} to GET /admin/status; is it a Synapse balancer?");
                return ExitCodes.Failure;
            }

            if (json)
            {
                context.Out.WriteLine(await response.Content.ReadAsStringAsync(context.CancellationToken).ConfigureAwait(false));
                return ExitCodes.Ok;
            }

            var status = await response.Content.ReadFromJsonAsync(AdminJsonContext.Default.StatusResponse, context.CancellationToken).ConfigureAwait(false)
                ?? throw new System.Text.Json.JsonException("empty answer");
            StatusTable.Write(context.Out, status, DateTimeOffset.UtcNow);
            return ExitCodes.Ok;
        }
        catch (HttpRequestException exception)
        {
            context.Error.WriteLine($"error: cannot reach the balancer at {url}: {exception.Message}");
            return ExitCodes.Failure;
        }
        catch (TaskCanceledException) when (!context.CancellationToken.IsCancellationRequested)
        {
            context.Error.WriteLine($"error: the balancer at {url} did not answer within 10 s");
            return ExitCodes.Failure;
        }
        catch (System.Text.Json.JsonException exception)
        {
            context.Error.WriteLine($"error: {url}/admin/status is not a Synapse status document: {exception.Message}");
            return ExitCodes.Failure;
        }
    }
}
