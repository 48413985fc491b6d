using Microsoft.Playwright;

namespace Synapse.WebConsole.Tests.Infrastructure;

/// <summary>Screenshots for the docs: written only where SYNAPSE_CONSOLE_SCREENSHOTS names a folder (docs/ when refreshed by hand).</summary>
public static class Screenshots
{
    public static async Task TakeAsync(IPage page, string name)
    {
        if (Environment.GetEnvironmentVariable("SYNAPSE_CONSOLE_SCREENSHOTS") is { Length: > 0 } folder)
        {
            Directory.CreateDirectory(folder);
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(folder, name) });
        }
    }
}
