using Microsoft.AspNetCore.Builder;
using Synapse.Cli.CommandLine;
using Synapse.Cli.Commands;
using Synapse.Cli.Status;
using Synapse.LoadBalancer;
using Synapse.LoadBalancer.Admin;
using Synapse.Cli.Tests.Infrastructure;

namespace Synapse.Cli.Tests.Status;

public sealed class StatusCommandTests
{
    private static Task<(int Code, string Out, string Error)> Run(params string[] args) => CliRun.RunAsync(["status", .. args]);

    [Fact]
    public void The_table_has_a_summary_and_one_row_per_node()
    {
        var now = DateTimeOffset.Parse("2026-11-28T10:00:00Z", System.Globalization.CultureInfo.InvariantCulture);
        var status = new StatusResponse(new BalancerInfo("round_robin", 3725), [
            new NodeStatus("node-a", "http://127.0.0.1:8000", "config", "healthy", ["smollm2", "alias"], 2, 130, 1, 812.5, 1490, now.AddSeconds(-2)),
            new NodeStatus("node-b", "http://127.0.0.1:8001", "registered", "loading", [], 0, 0, 0, null, null, null),
        ]);
        var output = new StringWriter();
        StatusTable.Write(output, status, now);
        var lines = output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.TrimEnd('\r')).ToList();

        Assert.Equal("Balancer: policy round_robin, up 1h02m, 2 node(s), 1 healthy", lines[0]);
        Assert.StartsWith("ID      URL                    SOURCE      HEALTH   MODELS         IN-FLIGHT  REQUESTS  ERRORS  P50 MS  P95 MS  LAST CHECK", lines[1], StringComparison.Ordinal);
        Assert.Equal("node-a  http://127.0.0.1:8000  config      healthy  smollm2,alias  2          130       1       812.5   1490    2s ago", lines[2]);
        Assert.Equal("node-b  http://127.0.0.1:8001  registered  loading  -              0          0         0       -       -       never", lines[3]);
    }

    [Fact]
    public async Task Prints_a_real_balancers_status_and_refuses_without_the_admin_key()
    {
        // A real balancer in this process; its one node is not there, so it shows as unhealthy.
        await using var balancer = BalancerApplication.Build(["--host", "127.0.0.1", "--port", "0", "--admin-key", "secret",
            "--nodes", "http://127.0.0.1:9", "--health-timeout", "0.5"]);
        await balancer.StartAsync();
        var url = balancer.Urls.First();

        var (code, output, _) = await Run("--url", url, "--admin-key", "secret");
        Assert.Equal(ExitCodes.Ok, code);
        Assert.Contains("Balancer: policy round_robin", output, StringComparison.Ordinal);
        Assert.Contains("http://127.0.0.1:9 ", output, StringComparison.Ordinal);
        Assert.Contains("unhealthy", output, StringComparison.Ordinal);

        var (json, raw, _) = await Run("--url", url, "--admin-key", "secret", "--json");
        Assert.Equal(ExitCodes.Ok, json);
        Assert.Contains("\"uptime_seconds\"", raw, StringComparison.Ordinal);

        var (refused, _, error) = await Run("--url", url, "--admin-key", "wrong");
        Assert.Equal(ExitCodes.Failure, refused);
        Assert.Contains("refused the admin key (401)", error, StringComparison.Ordinal);
        await balancer.StopAsync();
    }

    [Fact]
    public async Task An_unreachable_balancer_is_one_clear_line()
    {
        var (code, _, error) = await Run("--url", "http://127.0.0.1:9");
        Assert.Equal(ExitCodes.Failure, code);
        Assert.Contains("cannot reach the balancer at http://127.0.0.1:9/", error, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.Usage, (await Run("--url", "ftp://x")).Code);
    }
}
