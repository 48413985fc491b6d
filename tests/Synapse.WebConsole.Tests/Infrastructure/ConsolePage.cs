using System.Collections.Concurrent;
using System.Net;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Synapse.WebConsole.Tests.Infrastructure;

/// <summary>
/// One page of the console in its own browser context. Every request the page makes is checked: one that would
/// leave the machine (not loopback, not data:/blob:) is aborted and fails the test when the page is disposed.
/// </summary>
public sealed class ConsolePage : IAsyncDisposable
{
    private readonly ConcurrentQueue<string> _offsite = new();

    private ConsolePage(IBrowserContext context, IPage page)
    {
        Context = context;
        Page = page;
    }

    public IBrowserContext Context { get; }

    public IPage Page { get; }

    public IReadOnlyCollection<string> OffsiteRequests => _offsite;

    public static async Task<ConsolePage> CreateAsync(IBrowserContext context)
    {
        var page = await context.NewPageAsync();
        var console = new ConsolePage(context, page);
        await context.RouteAsync("**/*", async route =>
        {
            if (IsLocal(route.Request.Url))
            {
                await route.ContinueAsync();
            }
            else
            {
                console._offsite.Enqueue(route.Request.Url);
                await route.AbortAsync("blockedbyclient");
            }
        });
        // Requests the router does not see (service workers, preloads) still raise the event.
        context.Request += (_, request) =>
        {
            if (!IsLocal(request.Url))
            {
                console._offsite.Enqueue(request.Url);
            }
        };
        return console;
    }

    public static bool IsLocal(string url)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri))
        {
            return false;
        }

        if (uri.Scheme is "data" or "blob" or "about")
        {
            return true;
        }

        return uri.IsLoopback || (IPAddress.TryParse(uri.Host.Trim('[', ']'), out var address) && IPAddress.IsLoopback(address));
    }

    public ILocator Prompt => Page.GetByLabel("Message", new() { Exact = true });

    public ILocator Replies => Page.Locator(".message.assistant");

    public ILocator LastReply => Replies.Last;

    public async Task SelectModelAsync(string model)
    {
        var select = Page.GetByLabel("Model", new() { Exact = true });
        await Expect(select.Locator($"option[value='{model}']")).ToHaveCountAsync(1);
        await select.SelectOptionAsync(model);
    }

    /// <summary>Opens the settings and sets max tokens (and a seed, when given) for this conversation.</summary>
    public async Task SetMaxTokensAsync(int maxTokens)
    {
        var settings = Page.Locator("#settings");
        if (await settings.GetAttributeAsync("open") is null)
        {
            await Page.GetByText("Settings", new() { Exact = true }).ClickAsync();
        }

        await Page.GetByLabel("Max tokens").FillAsync(maxTokens.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await Page.GetByLabel("Max tokens").DispatchEventAsync("change");
    }

    public async Task SendAsync(string text)
    {
        await Prompt.FillAsync(text);
        await Prompt.PressAsync("Enter");
    }

    /// <summary>Waits until the last reply is finished: its footer names the node that served it.</summary>
    public async Task WaitForReplyAsync(ILocator? reply = null)
    {
        var footer = (reply ?? LastReply).Locator("footer.meta");
        await Expect(footer).ToContainTextAsync("node 127.0.0.1:");
        await Expect(Page.GetByRole(AriaRole.Button, new() { Name = "Send", Exact = true })).ToBeVisibleAsync();
    }

    /// <summary>Waits until the last reply shows its Markdown (a stored conversation renders replies as they come into view).</summary>
    public Task WaitRenderedAsync() => Expect(LastReply.Locator(".content[data-pending]")).ToHaveCountAsync(0);

    public async ValueTask DisposeAsync()
    {
        await Context.CloseAsync();
        Assert.True(_offsite.IsEmpty, "The page requested addresses off this machine: " + string.Join(", ", _offsite));
    }
}
