using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Fairdrop.Testing;
using static Microsoft.Playwright.Assertions;

namespace Fairdrop.Console.Tests;

/// <summary>
/// The recommendations page in headless Chromium against the real <c>fairdrop serve</c>, over a simulated drop night
/// recorded in the merchant's log with <c>fairdrop rules simulate --merchant</c>: the owner moves the threshold slider
/// (the script submits it when let go; from the keyboard its button does), accepts the top rule, sees it as a shadow trial, and promotes it. axe-core scans the page.
/// </summary>
public sealed class GateRecommendationsWalkthroughTests
{
    private const string Password = "correct horse battery staple";

    [SkippableFact]
    public async Task Owner_MovesTheSlider_AcceptsTheTopRuleInShadow_AndPromotesIt()
    {
        await using var browser = await Browser.LaunchAsync();
        var axe = TestServers.Axe();
        await using var server = await ConsoleServer.StartAsync(merchant => ["rules", "simulate", "--seed", "1", "--merchant", merchant.ToString()]);
        var page = await browser.NewPageAsync();
        var audited = new List<string>();
        await page.GotoAsync(server.OwnerLink);
        await page.FillAsync("#password", Password);
        await page.FillAsync("#confirm", Password);
        await page.ClickAsync("button[type=submit]");
        await Expect(page).ToHaveURLAsync(server.BaseUrl + "/console");

        // From the gate's page to its recommendations: the recommender reads the recorded night and replays its candidates.
        await page.GotoAsync(server.BaseUrl + "/console/gate");
        await page.ClickAsync("main a[href='/console/gate/recommendations']");
        await Expect(page.Locator("#recs-h")).ToContainTextAsync("recommended rule(s)", new() { Timeout = 60_000 });
        await Expect(page.Locator("#cost-value")).ToHaveTextAsync("0.5 %");

        // The slider: the script shows the value as it moves and submits the GET form when let go.
        await page.Locator("#cost").FillAsync("0.02");
        await Expect(page).ToHaveURLAsync(new Regex(@"maxHumanCost=0\.02"), new() { Timeout = 60_000 });
        await Expect(page.Locator("#recs-h")).ToContainTextAsync("recommended rule(s)", new() { Timeout = 60_000 });
        await Expect(page.Locator("#cost-value")).ToHaveTextAsync("2.0 %");

        // From the keyboard the slider only moves (no reload under the user's fingers); the button re-runs.
        await page.Locator("#cost").PressAsync("ArrowRight");
        await Expect(page.Locator("#cost-value")).ToHaveTextAsync("2.1 %");
        await Task.Delay(500); // a submit would have started navigating by now
        Assert.Contains("maxHumanCost=0.02&", page.Url, StringComparison.Ordinal);
        await page.ClickAsync("form.threshold button[type=submit]");
        await Expect(page).ToHaveURLAsync(new Regex(@"maxHumanCost=0\.021"), new() { Timeout = 60_000 });
        await Expect(page.Locator("#recs-h")).ToContainTextAsync("recommended rule(s)", new() { Timeout = 60_000 });
        var top = page.Locator("ol.recommendations article").First;
        await Expect(top.Locator("dl")).ToContainTextAsync("Bots caught");
        await Expect(top.Locator("dl")).ToContainTextAsync("Humans hurt");
        await Expect(top.Locator("dl")).ToContainTextAsync("Purchases by the affected");
        var name = await top.Locator("h3").InnerTextAsync();
        Assert.StartsWith("rec_", name, StringComparison.Ordinal);
        await AuditAsync(page, axe, "gate-recommendations", audited);

        // Accept: the rule joins the running rules in shadow mode and is listed as a trial.
        await top.Locator("button").ClickAsync();
        await Expect(page.Locator("p.done")).ToContainTextAsync($"Accepted {name} in shadow mode", new() { Timeout = 60_000 });
        var trial = page.Locator("section[aria-labelledby=trials-h] tbody tr", new() { HasText = name });
        await Expect(trial.Locator("td").Nth(1)).ToHaveTextAsync("shadow");
        Assert.Matches($"rule {name} \"[^\"]*\" shadow", await RulesAsync(server));
        await AuditAsync(page, axe, "gate-recommendations-trial", audited);
        // At 1280 px the page does not scroll sideways and the trial's Promote button shows without scrolling its table.
        var widths = await page.EvaluateAsync<int[]>(
            "() => { const t = document.querySelector('section[aria-labelledby=trials-h] table'); return [document.documentElement.scrollWidth, window.innerWidth, t.scrollWidth, t.clientWidth]; }");
        Assert.True(widths[0] <= widths[1] && widths[2] <= widths[3], $"page {widths[0]} in {widths[1]} px, trials table {widths[2]} in {widths[3]} px");

        // Promote: the gate now enforces it.
        await trial.Locator("button").ClickAsync();
        await Expect(page.Locator("p.done")).ToContainTextAsync($"Promoted {name}", new() { Timeout = 60_000 });
        await Expect(page.Locator("section[aria-labelledby=trials-h] tbody tr", new() { HasText = name }).Locator("td").Nth(1)).ToHaveTextAsync("enforced");
        Assert.DoesNotMatch($"rule {name} \"[^\"]*\" shadow", await RulesAsync(server));
        Assert.Equal(["gate-recommendations", "gate-recommendations-trial"], audited);
    }

    private static async Task<string> RulesAsync(ConsoleServer server) =>
        (await server.Api.GetFromJsonAsync<JsonElement>("/api/v1/gate/rules")).GetProperty("source").GetString()!;

    private static Task AuditAsync(Microsoft.Playwright.IPage page, string axe, string name, List<string> audited) =>
        ConsoleWalkthroughTests.AuditAsync(page, axe, name, audited);
}
