using Microsoft.Playwright;
using Synapse.EndToEnd.Infrastructure;
using Synapse.WebConsole.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Synapse.WebConsole.Tests;

/// <summary>The fleet dashboard in headless Chromium: every node, a killed node seen unhealthy and back, a drain through the UI.</summary>
[Collection(ConsoleFleetCollection.Name)]
public sealed class FleetDashboardTests(ConsoleFleetFixture fixture)
{
    [Fact]
    public async Task The_dashboard_lists_every_node_shows_a_killed_one_unhealthy_and_back_and_drains_one()
    {
        await using var console = await fixture.OpenAsync();
        var page = console.Page;
        var fleet = fixture.Fleet;

        await page.GetByRole(AriaRole.Link, new() { Name = "Fleet" }).ClickAsync();
        var dialog = page.GetByRole(AriaRole.Dialog, new() { Name = "Admin key needed" });
        await Expect(dialog).ToBeVisibleAsync();
        await dialog.GetByLabel("Key").FillAsync(BalancerProcess.AdminKey);
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();

        var rows = page.Locator("#fleet-body tr");
        await Expect(rows).ToHaveCountAsync(3);
        foreach (var node in fleet.Nodes)
        {
            var row = Row(page, node);
            await Expect(row.Locator(".state")).ToHaveTextAsync("healthy");
            await Expect(row.Locator("th")).ToContainTextAsync(node.Url);
            // Ready nodes report their engine gauges: a KV-cache meter and a queue length.
            await Expect(row.Locator("meter")).ToHaveCountAsync(1);
            await Expect(row.Locator("td").Nth(3)).ToHaveTextAsync("0");
        }

        await Expect(Row(page, fleet.Nodes[0]).Locator("td").Nth(1)).ToContainTextAsync(ConsoleFleetFixture.TinyModel);
        await Expect(Row(page, fleet.Nodes[2]).Locator("td").Nth(1)).ToContainTextAsync(ConsoleFleetFixture.SimModel);
        await Screenshots.TakeAsync(page, "console-fleet.png");

        // Killed: the balancer's checks fail, the dashboard (polling by itself) shows it unhealthy and why.
        var victim = fleet.Nodes[0];
        await victim.KillAsync();
        await Expect(Row(page, victim).Locator(".state")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex("^unhealthy: "));
        await Expect(Row(page, victim).Locator("meter")).ToHaveCountAsync(0);
        await fleet.RestartAsync(victim);
        await Expect(Row(page, victim).Locator(".state")).ToHaveTextAsync("healthy");

        // Drained through the UI: the balancer routes nothing to it until resumed.
        var drained = fleet.Nodes[1];
        await page.GetByRole(AriaRole.Button, new() { Name = $"Drain {drained.Id}" }).ClickAsync();
        await Expect(Row(page, drained).Locator(".state")).ToHaveTextAsync("draining: drained by an operator");
        Assert.Equal("draining", await fleet.Balancer.HealthOfAsync(drained.Id));
        await page.GetByRole(AriaRole.Button, new() { Name = $"Resume {drained.Id}" }).ClickAsync();
        await Expect(Row(page, drained).Locator(".state")).ToHaveTextAsync("healthy");
        Assert.Equal("healthy", await fleet.Balancer.HealthOfAsync(drained.Id));
    }

    [Fact]
    public async Task Tokens_per_second_and_in_flight_requests_show_while_a_node_generates()
    {
        await using var console = await fixture.OpenAsync(adminKey: true, path: "/#/fleet");
        var page = console.Page;
        var sim = fixture.Fleet.Nodes[2];
        await Expect(Row(page, sim).Locator(".state")).ToHaveTextAsync("healthy");

        // Twenty seconds of tokens at 100 tokens/s, through the balancer; the dashboard's next polls see them.
        using var cancel = new CancellationTokenSource();
        using var response = await fixture.Fleet.Balancer.PostChatAsync(
            $$"""{"model":"{{ConsoleFleetFixture.SimModel}}","messages":[{"role":"user","content":"Hi"}],"max_tokens":2000,"stream":true}""", cancel.Token);
        using var sse = new Sse(response);
        Assert.NotNull(await sse.NextContentAsync(cancel.Token));
        await Expect(Row(page, sim).Locator("td").Nth(2)).ToHaveTextAsync("1");
        await Expect(Row(page, sim).Locator("td").Nth(5)).ToHaveTextAsync(new System.Text.RegularExpressions.Regex(@"^[1-9]\d*\.\d$"));
        await cancel.CancelAsync();
    }

    private static ILocator Row(IPage page, NodeProcess node) => page.Locator($"#fleet-body tr[data-node='{node.Id}']");
}
