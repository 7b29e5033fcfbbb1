using Fairdrop.Testing;
using Microsoft.Playwright;

namespace Fairdrop.Console.Tests;

/// <summary>Headless Debian Chromium through Playwright (SERVERS.md), at the console's desktop size; screenshots go where the README says.</summary>
internal sealed class Browser : IAsyncDisposable
{
    private static readonly string[] Arguments =
        ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"];

    private readonly IPlaywright _playwright;
    private readonly IBrowser _browser;

    private Browser(IPlaywright playwright, IBrowser browser)
    {
        _playwright = playwright;
        _browser = browser;
    }

    /// <summary>artifacts/console-screenshots under the repository: one PNG per page, replaced by each run.</summary>
    public static string ScreenshotFolder => RepoFiles.PathOf("artifacts", "console-screenshots");

    public static async Task<Browser> LaunchAsync()
    {
        var chromium = TestServers.Chromium();
        var playwright = await Playwright.CreateAsync();
        var browser = await playwright.Chromium.LaunchAsync(new() { ExecutablePath = chromium, Headless = true, Args = Arguments });
        return new Browser(playwright, browser);
    }

    public async Task<IPage> NewPageAsync(int width = 1280, int height = 800)
    {
        var context = await _browser.NewContextAsync(new() { ViewportSize = new() { Width = width, Height = height } });
        return await context.NewPageAsync();
    }

    public static async Task ScreenshotAsync(IPage page, string name)
    {
        Directory.CreateDirectory(ScreenshotFolder);
        await page.ScreenshotAsync(new() { Path = Path.Combine(ScreenshotFolder, name + ".png"), FullPage = true });
    }

    public async ValueTask DisposeAsync()
    {
        await _browser.DisposeAsync();
        _playwright.Dispose();
    }
}
