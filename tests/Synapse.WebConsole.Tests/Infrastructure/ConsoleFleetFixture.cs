using Microsoft.Playwright;
using Synapse.EndToEnd.Infrastructure;

namespace Synapse.WebConsole.Tests.Infrastructure;

/// <summary>
/// A real balancer in front of three real nodes (two on the generated tiny model, serving it as "tiny", and one on
/// the simulated engine at 100 tokens/s, "sim-model", whose steady pace the streaming and stop tests need), and one
/// headless Chromium, the system's (<see cref="ChromiumPath"/>), that Playwright drives.
/// </summary>
public sealed class ConsoleFleetFixture : IAsyncLifetime
{
    public const string TinyModel = "tiny";
    public const string SimModel = "sim-model";

    /// <summary>Debian's chromium package, which test.sh installs: Playwright downloads no browser.</summary>
    public static string ChromiumPath => Environment.GetEnvironmentVariable("SYNAPSE_CHROMIUM") ?? "/usr/bin/chromium";

    private Fleet? _fleet;
    private IPlaywright? _playwright;
    private IBrowser? _browser;

    public Fleet Fleet => _fleet ?? throw new InvalidOperationException("The fleet is not started.");

    public IBrowser Browser => _browser ?? throw new InvalidOperationException("The browser is not started.");

    /// <summary>Why the tests skip (no browser on this machine), null when they run.</summary>
    public string? SkipReason { get; private set; }

    public static string[] TinyNode() =>
        ["--model", Synapse.Testing.TestModels.TinyChatModelPath, "--model-aliases", TinyModel, "--parallel", "2", "--threads", "1",
         "--ctx-size", "512", "--shutdown-grace", "1"];

    public static string[] SimNode() =>
        ["--engine", "simulated", "--model", SimModel, "--sim-tokens-per-second", "100", "--parallel", "4", "--shutdown-grace", "1"];

    public async ValueTask InitializeAsync()
    {
        if (!File.Exists(ChromiumPath))
        {
            var required = Environment.GetEnvironmentVariable("SYNAPSE_REQUIRE_BROWSER") == "1" || Environment.GetEnvironmentVariable("CI") == "true";
            SkipReason = $"No Chromium at {ChromiumPath} (./test.sh installs Debian's chromium; SYNAPSE_CHROMIUM names another).";
            if (required)
            {
                throw new InvalidOperationException(SkipReason + " CI or SYNAPSE_REQUIRE_BROWSER=1 requires it.");
            }

            return;
        }

        _fleet = await Fleet.StartAsync([TinyNode(), TinyNode(), SimNode()]);
        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            // Root in a container has no user namespaces for Chromium's sandbox.
            ChromiumSandbox = false,
        });
        Assertions.SetDefaultExpectTimeout(30_000);
    }

    /// <summary>A fresh browser context (its own storage) on the balancer's console, with the keys asked for stored.</summary>
    public async Task<ConsolePage> OpenAsync(bool clientKey = true, bool adminKey = false, string path = "/", string? initScript = null,
        int width = 1280, int height = 800, ColorScheme colorScheme = ColorScheme.Light)
    {
        if (SkipReason is not null)
        {
            Assert.Skip(SkipReason);
        }

        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            ViewportSize = new ViewportSize { Width = width, Height = height },
            ColorScheme = colorScheme,
            BaseURL = Fleet.Balancer.Url,
        });
        var page = await ConsolePage.CreateAsync(context);
        if (clientKey)
        {
            await context.AddInitScriptAsync($"localStorage.setItem('synapse.key.client', '{BalancerProcess.ClientKey}')");
        }

        if (adminKey)
        {
            await context.AddInitScriptAsync($"localStorage.setItem('synapse.key.admin', '{BalancerProcess.AdminKey}')");
        }

        if (initScript is not null)
        {
            await context.AddInitScriptAsync(initScript);
        }

        await page.Page.GotoAsync(path);
        return page;
    }

    public async ValueTask DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.DisposeAsync();
        }

        _playwright?.Dispose();
        if (_fleet is not null)
        {
            await _fleet.DisposeAsync();
        }
    }
}

[CollectionDefinition(Name)]
public sealed class ConsoleFleetCollection : ICollectionFixture<ConsoleFleetFixture>
{
    public const string Name = "console fleet";
}
