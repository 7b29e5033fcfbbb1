using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Fairdrop.Testing;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Fairdrop.Console.Tests;

/// <summary>
/// The console as a merchant's staff use it, in headless Chromium against the real <c>fairdrop serve</c>: the owner
/// accepts the CLI's invitation, invites a viewer, watches a waitlist grow live and a restock's waves fill the chart,
/// runs a drop and reads its fairness report, fixes a broken rule from its caret diagnostic, and a viewer changes nothing.
/// Every page is scanned with axe-core and photographed.
/// </summary>
public sealed partial class ConsoleWalkthroughTests
{
    private const string OwnerPassword = "correct horse battery staple";
    private const string ViewerPassword = "viewer's own long password";

    [SkippableFact]
    public async Task Owner_RunsTheShopFromTheConsole_AndAViewerCannotChangeAnything()
    {
        await using var browser = await Browser.LaunchAsync();
        var axe = TestServers.Axe();
        await using var server = await ConsoleServer.StartAsync();
        var page = await browser.NewPageAsync();
        var audited = new List<string>();

        // The owner's link from `fairdrop staff invite`: choose a password, land on the overview.
        await page.GotoAsync(server.OwnerLink);
        await page.FillAsync("#password", OwnerPassword);
        await page.FillAsync("#confirm", OwnerPassword);
        await page.ClickAsync("button[type=submit]");
        await Expect(page).ToHaveURLAsync(server.BaseUrl + "/console");
        await Expect(page.Locator("header .who")).ToContainTextAsync("Olive Owner (owner)");

        // Shoppers join the waitlist from the shop's backend; the overview's figure rises without a reload.
        await PostAsync(server.Api, "/api/v1/restock/products", new { products = new[] { new { externalId = "runner-42", title = "Runner 42", available = 0 } } });
        for (var i = 0; i < 30; i++)
        {
            await PostAsync(server.Api, "/api/v1/restock/subscriptions", new { productId = "runner-42", channel = "email", contact = $"shopper{i}@example.test", consentText = "Tell me when it is back." });
        }

        await Expect(page.Locator("[data-live=subscribers]")).ToHaveTextAsync("30", new() { Timeout = 15_000 });
        await AuditAsync(page, axe, "overview", audited);

        // Restock: stock arrives from the form; waves go out and the funnel chart fills.
        await page.GotoAsync(server.BaseUrl + "/console/restock");
        await page.FillAsync("#s-id", "runner-42");
        await page.FillAsync("#s-available", "5");
        await page.ClickAsync("form:has(#s-id) button[type=submit]");
        await Expect(page.Locator("p.done")).ToContainTextAsync("Stock of runner-42 set to 5");
        var alerted = await WaitForAlertsAsync(page, server.BaseUrl + "/console/restock");
        Assert.InRange(alerted, 1, 30);
        Assert.True(await page.Locator("#main svg rect.s1").CountAsync() > 0, "the chart draws an 'Alerted' bar");
        await AuditAsync(page, axe, "restock", audited);

        // Drops: create one opening in two seconds, enter three shoppers, seal it and read the fairness report.
        await page.GotoAsync(server.BaseUrl + "/console/drops");
        await page.FillAsync("#d-name", "Friday drop");
        await page.FillAsync("#d-product", "runner-42");
        await page.FillAsync("#d-units", "2");
        await page.FillAsync("#d-opens", "2");
        await page.ClickAsync("form:has(#d-name) button[type=submit]");
        // The URL is polled rather than awaited with its load event: on a loaded CI machine the redirect's "load" was
        // once missed after the page had arrived, and the heading proves the page rendered anyway.
        await Expect(page).ToHaveURLAsync(new Regex("/console/drops/[0-9a-f-]{36}$"), new() { Timeout = 30_000 });
        await Expect(page.Locator("h1")).ToHaveTextAsync("Friday drop");
        var dropId = page.Url[^36..];
        foreach (var shopper in new[] { "ann", "bob", "cyd" })
        {
            await PostAsync(server.Api, $"/api/v1/drops/{dropId}/entries", new { shopperId = shopper });
        }

        await SealAsync(page);
        await Expect(page.Locator("#report-h + dl")).ToContainTextAsync("Kendall tau");
        await Expect(page.Locator("#report-h + dl")).ToContainTextAsync("3 (3)");
        await AuditAsync(page, axe, "drop", audited);

        // Gate: a broken rule shows its caret diagnostic as it is typed, cannot be activated, and activates once fixed.
        await page.GotoAsync(server.BaseUrl + "/console/gate");
        await page.FillAsync("#rules-text", "rule cart_burst\n  when action == \"add_to_cart\" and since_last(\"add_to_cart\", customer) < 1s\n  then blok\n");
        await Expect(page.Locator("#diagnostics pre").First).ToContainTextAsync("^", new() { Timeout = 10_000 });
        await page.ClickAsync("button[value=activate]");
        await Expect(page.Locator("p.problem")).ToContainTextAsync("Not activated");
        await page.FillAsync("#rules-text", "rule cart_burst\n  when action == \"add_to_cart\" and since_last(\"add_to_cart\", customer) < 1s\n  then block\n");
        await Expect(page.Locator("#diagnostics")).ToContainTextAsync("No problems", new() { Timeout = 10_000 });
        await page.ClickAsync("button[value=activate]");
        await Expect(page.Locator("p.done")).ToContainTextAsync("Activated version");
        await page.ClickAsync("button[value=replay]");
        await Expect(page.Locator("#replay-h")).ToContainTextAsync("Replay of the draft");
        await AuditAsync(page, axe, "gate", audited);

        await page.GotoAsync(server.BaseUrl + "/console/exchange");
        await Expect(page.Locator("h1")).ToHaveTextAsync("Exchange");
        await AuditAsync(page, axe, "exchange", audited);

        // SMS programs: the program defined through the API, with its report and referral funnel.
        await PostAsync(server.Api, "/api/v1/sms-programs", new { name = "Midnight Drops", keyword = "DROPS", frequency = "Up to 6 msgs/month", numbers = new[] { "+15005550006" } });
        await page.GotoAsync(server.BaseUrl + "/console/sms");
        await Expect(page.Locator("main h2").First).ToContainTextAsync("Midnight Drops");
        await Expect(page.Locator("main")).ToContainTextAsync("Confirmation rate");
        await AuditAsync(page, axe, "sms-programs", audited);

        // Conversations: no mailbox yet, and the page says so.
        await page.GotoAsync(server.BaseUrl + "/console/mailboxes");
        await Expect(page.Locator("h1")).ToBeVisibleAsync();
        await AuditAsync(page, axe, "conversations", audited);

        // Settings: invite a viewer; the invitation email is in the pickup folder with the same link.
        await page.GotoAsync(server.BaseUrl + "/console/settings");
        await page.FillAsync("#i-email", "vera@shop.test");
        await page.FillAsync("#i-name", "Vera Viewer");
        await page.SelectOptionAsync("#i-role", "viewer");
        await page.ClickAsync("form:has(#i-email) button[type=submit]");
        var viewerLink = await page.Locator("p.done code").InnerTextAsync();
        Assert.Contains(Directory.GetFiles(server.MailFolder, "*.eml"), file => File.ReadAllText(file).Contains(viewerLink, StringComparison.Ordinal));
        await Expect(page.Locator("section[aria-labelledby=email-h]")).ToContainTextAsync("No SMTP server is configured");
        await Expect(page.Locator("section[aria-labelledby=email-h] table")).ToContainTextAsync("vera@shop.test");
        await AuditAsync(page, axe, "settings", audited);

        // The viewer signs in from a fresh browser, sees pages without forms, and the API refuses their changes.
        var viewer = await browser.NewPageAsync(390, 844);
        await viewer.GotoAsync(viewerLink);
        await viewer.FillAsync("#password", ViewerPassword);
        await viewer.FillAsync("#confirm", ViewerPassword);
        await viewer.ClickAsync("button[type=submit]");
        await Expect(viewer).ToHaveURLAsync(server.BaseUrl + "/console");
        await viewer.GotoAsync(server.BaseUrl + "/console/restock");
        await Expect(viewer.Locator("#s-id")).ToBeDisabledAsync();
        await Expect(viewer.Locator("main")).ToContainTextAsync("can see this but not change it");
        await Browser.ScreenshotAsync(viewer, "restock-viewer-phone");
        var refused = await viewer.Context.APIRequest.PostAsync(server.BaseUrl + "/api/v1/restock/products", new() { DataObject = new { products = new[] { new { externalId = "sneaky", title = "Sneaky", available = 9 } } } });
        Assert.Equal(403, refused.Status);
        var products = await server.Api.GetFromJsonAsync<JsonElement>("/api/v1/restock/products");
        Assert.DoesNotContain(products.GetProperty("items").EnumerateArray(), p => p.GetProperty("externalId").GetString() == "sneaky");

        // Sign-in page, signed out.
        var signedOut = await browser.NewPageAsync();
        await signedOut.GotoAsync(server.BaseUrl + "/console/sign-in");
        await AuditAsync(signedOut, axe, "sign-in", audited);
        Assert.Equal(["overview", "restock", "drop", "gate", "exchange", "sms-programs", "conversations", "settings", "sign-in"], audited);
    }

    /// <summary>Runs axe-core on the page: no serious or critical violation; then saves the page's screenshot.</summary>
    internal static async Task AuditAsync(IPage page, string axe, string name, List<string> audited)
    {
        await page.AddScriptTagAsync(new() { Path = axe });
        var violations = await page.EvaluateAsync<string[]>(
            "async () => (await axe.run()).violations.filter(v => v.impact === 'serious' || v.impact === 'critical').map(v => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map(n => n.target.join(' ')).join(', ')}`)");
        Assert.True(violations.Length == 0, $"{name}: {string.Join("; ", violations)}");
        await Browser.ScreenshotAsync(page, name);
        audited.Add(name);
    }

    /// <summary>Presses "Seal the entry list and place" once the opening time has passed (the page refuses it before), until the report shows.</summary>
    private static async Task SealAsync(IPage page)
    {
        for (var attempt = 0; attempt < 60; attempt++)
        {
            await Task.Delay(500);
            await page.ReloadAsync();
            if (await page.Locator("#report-h + dl").CountAsync() > 0)
            {
                return;
            }

            if (await page.Locator("form:has-text('Seal the entry list') button").CountAsync() > 0)
            {
                await page.ClickAsync("form:has-text('Seal the entry list') button");
            }
        }

        throw new TimeoutException($"The drop was not placed within 30 s: {await page.Locator("main").InnerTextAsync()}");
    }

    private static async Task<long> WaitForAlertsAsync(IPage page, string url)
    {
        for (var attempt = 0; attempt < 60; attempt++)
        {
            await page.GotoAsync(url);
            var cells = page.Locator("table:has(caption:text('Funnel per product and round')) tbody tr td");
            if (await cells.CountAsync() >= 5 && long.TryParse(await cells.Nth(4).InnerTextAsync(), out var alerted) && alerted > 0)
            {
                return alerted;
            }

            await Task.Delay(500);
        }

        throw new TimeoutException("No wave went out within 30 s.");
    }

    private static async Task PostAsync(HttpClient api, string path, object body)
    {
        using var response = await api.PostAsJsonAsync(path, body);
        Assert.True(response.IsSuccessStatusCode || response.StatusCode == HttpStatusCode.OK, $"{path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }
}
