using System.Text.Json;
using Microsoft.Playwright;
using Synapse.EndToEnd.Infrastructure;
using Synapse.WebConsole.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Synapse.WebConsole.Tests;

/// <summary>The chat playground in headless Chromium against the real balancer and nodes.</summary>
[Collection(ConsoleFleetCollection.Name)]
public sealed class ChatTests(ConsoleFleetFixture fixture)
{
    /// <summary>Records the length of the last reply's text at every change of the page, as the user would see it grow.</summary>
    private const string GrowthRecorder = """
        window.__lengths = [];
        new MutationObserver(() => {
          const all = document.querySelectorAll('.message.assistant .content');
          const last = all[all.length - 1];
          if (last) window.__lengths.push(last.textContent.length);
        }).observe(document.getElementById('messages'), { subtree: true, childList: true, characterData: true });
        """;

    [Fact]
    public async Task A_sent_message_streams_its_reply_in_token_by_token()
    {
        await using var console = await fixture.OpenAsync();
        var page = console.Page;
        await console.SelectModelAsync(ConsoleFleetFixture.SimModel);
        await console.SetMaxTokensAsync(60);

        // Shift+Enter adds a line; it sends nothing.
        await console.Prompt.FillAsync("first line");
        await console.Prompt.PressAsync("Shift+Enter");
        await console.Prompt.PressSequentiallyAsync("second line");
        Assert.Equal("first line\nsecond line", await console.Prompt.InputValueAsync());
        await Expect(console.Replies).ToHaveCountAsync(0);

        await page.EvaluateAsync(GrowthRecorder);
        await console.Prompt.PressAsync("Enter");
        await Expect(page.Locator(".message.user .content")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex("first line\\s+second line"));
        await console.WaitForReplyAsync();

        var text = await console.LastReply.Locator(".content").InnerTextAsync();
        Assert.StartsWith("Synapse simulated engine", text, StringComparison.Ordinal);
        // 60 tokens over 0.6 s: the text was seen growing before the reply was done (a busy machine batches some
        // chunks into one read, so not at every token).
        var lengths = await page.EvaluateAsync<int[]>("window.__lengths");
        var steps = lengths.Where(l => l > 0 && l < text.Length).Distinct().Count();
        Assert.True(steps >= 3, $"The reply was seen at {steps} lengths before its end: {string.Join(",", lengths)}");

        var footer = await console.LastReply.Locator("footer.meta").InnerTextAsync();
        Assert.Matches(@"node 127\.0\.0\.1:\d+ · first token \d+ ms · [\d.]+ tokens/s · 60 tokens", footer);
        var node = fixture.Fleet.Nodes[2];
        Assert.Contains(node.Id, footer, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Stop_ends_a_reply_mid_stream_and_frees_the_node()
    {
        await using var console = await fixture.OpenAsync();
        var page = console.Page;
        await console.SelectModelAsync(ConsoleFleetFixture.SimModel);
        await console.SetMaxTokensAsync(3000); // thirty seconds of tokens

        await console.SendAsync("Talk for a long time");
        await Expect(console.LastReply.Locator(".content")).ToContainTextAsync("simulated engine");
        var stop = page.GetByRole(AriaRole.Button, new() { Name = "Stop", Exact = true });
        await Expect(stop).ToBeFocusedAsync();
        await stop.ClickAsync();

        await Expect(console.LastReply.Locator("footer.meta")).ToContainTextAsync("stopped");
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Send", Exact = true })).ToBeVisibleAsync();
        var sim = fixture.Fleet.Nodes[2];
        await Eventually.WaitAsync(async () => await sim.RunningAsync() == 0, "the simulated node to free the stopped generation's slot");

        // What was shown when it stopped is what is kept.
        var shown = await console.LastReply.Locator(".content").InnerTextAsync();
        Assert.True(shown.Length is > 0 and < 3000 * 4, $"Stopped reply of {shown.Length} characters.");
        await page.ReloadAsync();
        await Expect(console.LastReply.Locator("footer.meta")).ToContainTextAsync("stopped");
        await console.WaitRenderedAsync();
        Assert.Equal(shown, await console.LastReply.Locator(".content").InnerTextAsync());
    }

    [Fact]
    public async Task A_conversation_is_found_again_after_a_reload_searched_and_renamed()
    {
        await using var console = await fixture.OpenAsync();
        var page = console.Page;
        await console.SelectModelAsync(ConsoleFleetFixture.TinyModel);
        await console.SetMaxTokensAsync(12);
        await console.SendAsync("Tell me a story about lighthouses");
        await console.WaitForReplyAsync();
        var reply = await console.LastReply.Locator(".content").InnerTextAsync();
        var footer = await console.LastReply.Locator("footer.meta").InnerTextAsync();
        Assert.True(footer.Contains(fixture.Fleet.Nodes[0].Id, StringComparison.Ordinal) || footer.Contains(fixture.Fleet.Nodes[1].Id, StringComparison.Ordinal), footer);

        // A fresh page at / opens a new chat; the stored one is in the list.
        await page.GotoAsync("/");
        await page.ReloadAsync();
        await Expect(console.Replies).ToHaveCountAsync(0);
        var link = page.GetByRole(AriaRole.Link, new() { Name = "Tell me a story about lighthouses" });
        await link.ClickAsync();
        await Expect(page.Locator(".message.user .content")).ToHaveTextAsync("Tell me a story about lighthouses");
        await console.WaitRenderedAsync();
        Assert.Equal(reply, await console.LastReply.Locator(".content").InnerTextAsync());
        Assert.Equal(footer, await console.LastReply.Locator("footer.meta").InnerTextAsync());
        Assert.Equal(ConsoleFleetFixture.TinyModel, await page.GetByLabel("Model", new() { Exact = true }).InputValueAsync());
        Assert.Equal("12", await page.GetByLabel("Max tokens").InputValueAsync());

        var search = page.GetByRole(AriaRole.Searchbox, new() { Name = "Search conversations" });
        await search.FillAsync("lighthouse");
        await Expect(page.Locator("#conversation-list li")).ToHaveCountAsync(1);
        await search.FillAsync("no such words");
        await Expect(page.Locator("#conversation-list li")).ToHaveCountAsync(0);
        await search.FillAsync("");

        await page.GetByRole(AriaRole.Button, new() { Name = "Rename Tell me a story about lighthouses" }).ClickAsync();
        await page.GetByLabel("New name").FillAsync("Lighthouses");
        await page.GetByLabel("New name").PressAsync("Enter");
        await page.ReloadAsync();
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Lighthouses", Exact = true })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Lighthouses" })).ToBeVisibleAsync();
    }

    [Fact]
    public async Task Regenerate_replaces_the_reply_and_an_edited_message_gets_a_new_one()
    {
        await using var console = await fixture.OpenAsync();
        var page = console.Page;
        await console.SelectModelAsync(ConsoleFleetFixture.TinyModel);
        await console.SetMaxTokensAsync(8);
        await console.SendAsync("Hello");
        await console.WaitForReplyAsync();
        var first = await console.LastReply.GetAttributeAsync("data-id");

        await page.GetByRole(AriaRole.Button, new() { Name = "Regenerate reply" }).ClickAsync();
        var regenerated = page.Locator($".message.assistant:not([data-id='{first}'])");
        await console.WaitForReplyAsync(regenerated);
        await Expect(console.Replies).ToHaveCountAsync(1);
        await Expect(page.Locator(".message")).ToHaveCountAsync(2);
        var second = await regenerated.GetAttributeAsync("data-id");

        await page.GetByRole(AriaRole.Button, new() { Name = "Edit message" }).ClickAsync();
        var editor = page.GetByRole(AriaRole.Textbox, new() { Name = "Edit message" });
        await editor.FillAsync("Hello again");
        await editor.PressAsync("Enter");
        await Expect(page.Locator(".message.user .content")).ToHaveTextAsync("Hello again");
        await console.WaitForReplyAsync(page.Locator($".message.assistant:not([data-id='{first}']):not([data-id='{second}'])"));
        await Expect(page.Locator(".message")).ToHaveCountAsync(2);
    }

    [Fact]
    public async Task A_Markdown_reply_renders_its_table_highlighted_code_with_a_copy_button_and_math_and_no_script()
    {
        await using var console = await fixture.OpenAsync();
        var page = console.Page;
        var reply = """
            Here is the **answer**.

            | n | n² |
            |---|----|
            | 2 | 4  |

            ```csharp
            public static int Square(int n) => n * n;
            ```

            Inline $a^2 + b^2 = c^2$ and a display formula:

            $$\int_0^1 x^2\,dx = \frac{1}{3}$$

            <script>window.__pwned = true</script><img src="http://192.0.2.1/x.png" onerror="window.__pwned = true">
            """;
        var conversation = new
        {
            title = "Markdown",
            model = ConsoleFleetFixture.TinyModel,
            messages = new object[]
            {
                new { role = "user", content = "Show me Markdown" },
                new { role = "assistant", content = reply },
            },
        };
        await page.Locator("#import-file").SetInputFilesAsync(new FilePayload
        {
            Name = "markdown.json",
            MimeType = "application/json",
            Buffer = JsonSerializer.SerializeToUtf8Bytes(conversation),
        });

        var message = console.LastReply;
        await Expect(message.Locator("table td").First).ToHaveTextAsync("2");
        await Expect(message.Locator(".code-block code.hljs .hljs-keyword").First).ToBeVisibleAsync();
        await Expect(message.GetByRole(AriaRole.Button, new() { Name = "Copy code" })).ToBeVisibleAsync();
        await Expect(message.Locator(".katex")).ToHaveCountAsync(2);
        await Expect(message.Locator(".katex-display")).ToHaveCountAsync(1);
        await Expect(message.Locator("strong")).ToHaveTextAsync("answer");
        await Expect(message.Locator("script, img")).ToHaveCountAsync(0);
        Assert.False(await page.EvaluateAsync<bool>("window.__pwned === true"));

        await console.Context.GrantPermissionsAsync(["clipboard-read", "clipboard-write"]);
        await message.GetByRole(AriaRole.Button, new() { Name = "Copy code" }).ClickAsync();
        await Expect(message.GetByRole(AriaRole.Button, new() { Name = "Copy code" })).ToHaveTextAsync("Copied");
        Assert.Equal("public static int Square(int n) => n * n;", (await page.EvaluateAsync<string>("navigator.clipboard.readText()")).Trim());

        await Screenshots.TakeAsync(page, "console-chat.png");
    }

    [Fact]
    public async Task Without_a_key_the_console_asks_for_one_and_then_works()
    {
        await using var console = await fixture.OpenAsync(clientKey: false);
        var page = console.Page;
        var dialog = page.GetByRole(AriaRole.Dialog, new() { Name = "API key needed" });
        await Expect(dialog).ToBeVisibleAsync();
        await dialog.GetByLabel("Key").FillAsync("wrong-key");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await Expect(dialog).ToContainTextAsync("not accepted");
        await dialog.GetByLabel("Key").FillAsync(BalancerProcess.ClientKey);
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await Expect(dialog).ToBeHiddenAsync();

        await console.SelectModelAsync(ConsoleFleetFixture.SimModel);
        await console.SetMaxTokensAsync(5);
        await console.SendAsync("Hi");
        await console.WaitForReplyAsync();
        Assert.Equal(BalancerProcess.ClientKey, await page.EvaluateAsync<string>("localStorage.getItem('synapse.key.client')"));
    }

    [Fact]
    public async Task On_a_phone_the_conversations_open_from_a_menu_and_dark_mode_applies()
    {
        await using var console = await fixture.OpenAsync(width: 390, height: 844, colorScheme: ColorScheme.Dark);
        var page = console.Page;
        var menu = page.GetByRole(AriaRole.Button, new() { Name = "Conversations" });
        await Expect(menu).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "New chat" })).Not.ToBeInViewportAsync();
        await menu.ClickAsync();
        await Expect(menu).ToHaveAttributeAsync("aria-expanded", "true");
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "New chat" })).ToBeInViewportAsync();
        var background = await page.EvaluateAsync<string>("getComputedStyle(document.body).backgroundColor");
        Assert.Equal("rgb(21, 24, 28)", background);
    }
}
