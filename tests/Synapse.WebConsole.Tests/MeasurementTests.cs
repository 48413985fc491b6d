using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.Playwright;
using Synapse.WebConsole.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Synapse.WebConsole.Tests;

/// <summary>
/// Measured, not asserted (docs/performance.md has the numbers): opening a stored conversation of 1,000 messages,
/// and the delay from an SSE chunk's arrival in the page to its text on screen at 100 tokens/s. Each run writes its
/// numbers to console-measurements.txt beside the test assembly (and to SYNAPSE_CONSOLE_MEASUREMENTS when set).
/// </summary>
[Collection(ConsoleFleetCollection.Name)]
public sealed class MeasurementTests(ConsoleFleetFixture fixture)
{
    /// <summary>
    /// Watches the page's own fetch of /v1/chat/completions from beside it (a tee of the body): when each SSE chunk
    /// arrives, and how much reply text it brings; and when the reply's text on screen grows (the animation frame
    /// after the DOM changed, the one that paints it).
    /// </summary>
    private const string SseProbe = """
        (() => {
          const arrivals = [], paints = [];
          window.__sse = { arrivals, paints };
          const normalized = s => s.replace(/\s+/g, ' ').trim().length;
          const original = window.fetch;
          window.fetch = async (...args) => {
            const response = await original(...args);
            const url = String(args[0] instanceof Request ? args[0].url : args[0]);
            if (!url.includes('/v1/chat/completions') || !response.body) return response;
            const [mine, theirs] = response.body.tee();
            (async () => {
              const reader = mine.pipeThrough(new TextDecoderStream()).getReader();
              let buffer = '', text = '';
              for (;;) {
                const { value, done } = await reader.read();
                if (done) break;
                const at = performance.now();
                buffer += value;
                let end;
                while ((end = buffer.indexOf('\n')) >= 0) {
                  const line = buffer.slice(0, end); buffer = buffer.slice(end + 1);
                  if (!line.startsWith('data: ') || line === 'data: [DONE]') continue;
                  const delta = JSON.parse(line.slice(6)).choices?.[0]?.delta?.content;
                  if (delta) { text += delta; arrivals.push([at, normalized(text)]); }
                }
              }
            })();
            return new Response(theirs, { status: response.status, statusText: response.statusText, headers: response.headers });
          };
          document.addEventListener('DOMContentLoaded', () => {
            new MutationObserver(() => {
              const all = document.querySelectorAll('.message.assistant .content');
              const last = all[all.length - 1];
              if (!last) return;
              const length = normalized(last.textContent);
              // performance.now() in the callback, not the frame's timestamp: that is when the frame began, which
              // can be before a chunk that arrived during it, so the chunk's own paint would seem to come too early.
              requestAnimationFrame(() => paints.push([performance.now(), length]));
            }).observe(document.getElementById('messages'), { subtree: true, childList: true, characterData: true });
          });
        })();
        """;

    [Fact]
    public async Task Opening_a_stored_conversation_of_1000_messages()
    {
        await using var console = await fixture.OpenAsync();
        var page = console.Page;
        var messages = Enumerable.Range(0, 1000).Select(i => i % 2 == 0
            ? new { role = "user", content = $"Question {i / 2}: how does step {i / 2} work?" }
            : new { role = "assistant", content = $"Step **{i / 2}** works like this:\n\n- first, it reads $x_{{{i}}}$\n- then it writes `value {i}`\n\n```python\ndef step_{i}(x):\n    return x * {i}\n```\n" })
            .ToArray();
        await page.Locator("#import-file").SetInputFilesAsync(new FilePayload
        {
            Name = "long.json",
            MimeType = "application/json",
            Buffer = JsonSerializer.SerializeToUtf8Bytes(new { title = "Long conversation", messages }),
        });
        await Expect(page.Locator(".message")).ToHaveCountAsync(1000);
        var id = page.Url[(page.Url.IndexOf("#/chat/", StringComparison.Ordinal) + "#/chat/".Length)..];

        // From the click on the conversation in the list to the frame that shows its last reply rendered (math and all).
        var open = new List<double>();
        for (var i = 0; i < 5; i++)
        {
            await page.GetByRole(AriaRole.Button, new() { Name = "New chat" }).ClickAsync();
            await Expect(page.Locator(".message")).ToHaveCountAsync(0);
            open.Add(await page.EvaluateAsync<double>("""
                id => new Promise((resolve, reject) => {
                  setTimeout(() => reject(new Error('The conversation did not show within 60 s.')), 60000);
                  const shown = () => document.querySelectorAll('.message').length === 1000
                    && document.querySelector('.message:last-child .content:not([data-pending]) .katex');
                  const start = performance.now();
                  const check = () => shown()
                    ? requestAnimationFrame(() => resolve(performance.now() - start))
                    : requestAnimationFrame(check);
                  document.querySelector(`a[href="#/chat/${id}"]`).click();
                  requestAnimationFrame(check);
                })
                """, id));
        }

        // A reload with the conversation open: from navigation start to the frame that shows it.
        var reload = new List<double>();
        for (var i = 0; i < 3; i++)
        {
            await page.ReloadAsync();
            reload.Add(await page.EvaluateAsync<double>("""
                () => new Promise((resolve, reject) => {
                  setTimeout(() => reject(new Error('The conversation did not show within 60 s.')), 60000);
                  const shown = () => document.querySelectorAll('.message').length === 1000
                    && document.querySelector('.message:last-child .content:not([data-pending]) .katex');
                  const check = () => shown()
                    ? requestAnimationFrame(() => resolve(performance.now()))
                    : requestAnimationFrame(check);
                  check();
                })
                """));
        }

        Record($"open 1000-message conversation (ms, 5 runs): median {Median(open):F0}, runs {string.Join(" ", open.Select(v => v.ToString("F0", CultureInfo.InvariantCulture)))}");
        Record($"reload with it open, navigation start to shown (ms, 3 runs): median {Median(reload):F0}, runs {string.Join(" ", reload.Select(v => v.ToString("F0", CultureInfo.InvariantCulture)))}");
    }

    [Fact]
    public async Task Delay_from_an_sse_chunk_to_its_text_on_screen_at_100_tokens_per_second()
    {
        await using var console = await fixture.OpenAsync(initScript: SseProbe);
        await console.SelectModelAsync(ConsoleFleetFixture.SimModel);
        await console.SetMaxTokensAsync(300);
        await console.SendAsync("Stream for three seconds");
        await console.WaitForReplyAsync();
        // The reply can be done while the paint of its last chunk still waits for its animation frame: wait for it
        // (a chunk whose text never reaches the screen still fails, by this wait's timeout).
        await console.Page.WaitForFunctionAsync(
            "() => { const a = window.__sse.arrivals, p = window.__sse.paints, last = a[a.length - 1]; " +
            "return last !== undefined && p.some(x => x[0] >= last[0] && x[1] >= last[1]); }");

        var arrivals = await console.Page.EvaluateAsync<double[][]>("window.__sse.arrivals");
        var paints = await console.Page.EvaluateAsync<double[][]>("window.__sse.paints");
        Assert.True(arrivals.Length > 100, $"{arrivals.Length} chunks seen.");
        var delays = new List<double>();
        foreach (var arrival in arrivals)
        {
            var shown = paints.FirstOrDefault(p => p[0] >= arrival[0] && p[1] >= arrival[1]);
            Assert.NotNull(shown); // every chunk's text reached the screen
            delays.Add(shown[0] - arrival[0]);
        }

        delays.Sort();
        Record($"SSE chunk to screen at 100 tokens/s ({delays.Count} chunks, ms): median {Median(delays):F1}, p95 {delays[(int)(delays.Count * 0.95)]:F1}, max {delays[^1]:F1}");
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
    }

    private static void Record(string line)
    {
        var text = $"{DateTime.UtcNow:O} {line}{Environment.NewLine}";
        File.AppendAllText(Path.Combine(AppContext.BaseDirectory, "console-measurements.txt"), text, Encoding.UTF8);
        if (Environment.GetEnvironmentVariable("SYNAPSE_CONSOLE_MEASUREMENTS") is { Length: > 0 } path)
        {
            File.AppendAllText(path, text, Encoding.UTF8);
        }

        TestContext.Current.SendDiagnosticMessage(line);
    }
}
