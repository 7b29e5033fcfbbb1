using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Fairdrop.Testing;
using static Microsoft.Playwright.Assertions;

namespace Fairdrop.Console.Tests.Sdk;

/// <summary>
/// A two-way series in headless Chromium: a storefront on its own origin loads the built SDK and identifies its user;
/// the merchant launches "back in stock, hold a pair?"; the offer arrives live with its quick replies; the shopper taps
/// "Hold my pair" and sees the confirmation arrive; the product's stock for the next restock wave is one lower.
/// </summary>
public sealed class SeriesBrowserTests
{
    [SkippableFact]
    public async Task Storefront_ReceivesTheOfferLive_TapsHold_SeesTheConfirmation_AndTheNextWaveSeesOneLess()
    {
        await using var browser = await Browser.LaunchAsync();
        await using var server = await ConsoleServer.StartAsync();
        await using var storefront = await StorefrontPage.StartAsync();
        var api = server.Api;
        var channel = await storefront.RegisterAsync(api);
        Assert.Equal(HttpStatusCode.OK, (await api.PostAsJsonAsync("/api/v1/restock/products", new { products = new[] { new { externalId = "runner-42", title = "Runner 42", available = 3 } } })).StatusCode);
        var seriesId = await DefineSeriesAsync(api);

        var page = await browser.NewPageAsync();
        await page.GotoAsync(storefront.Url(server.BaseUrl, channel.ChannelId, channel.TokenOf("user-9")));
        await Expect(page.Locator("#status")).ToHaveTextAsync("ready");
        var launch = await api.PostAsJsonAsync($"/api/v1/exchange/series/{seriesId}/launches", new { audience = new { externalIds = new[] { "user-9" } }, idempotencyKey = "midnight" });
        Assert.Equal(HttpStatusCode.Accepted, launch.StatusCode);

        var offer = page.Locator("#inbox li", new() { HasText = "Runner 42 is back" });
        await Expect(offer).ToBeVisibleAsync(new() { Timeout = 20_000 });
        await offer.GetByRole(Microsoft.Playwright.AriaRole.Button, new() { Name = "Hold my pair" }).ClickAsync();

        await Expect(page.Locator("#status")).ToHaveTextAsync("Reply sent: Hold my pair (acted)");
        await Expect(page.Locator("#inbox li", new() { HasText = "Held until" })).ToBeVisibleAsync(new() { Timeout = 20_000 });
        var availability = await api.GetFromJsonAsync<JsonElement>("/api/v1/restock/products/runner-42/availability");
        Assert.Equal((3, 1, 2), (availability.GetProperty("stock").GetInt32(), availability.GetProperty("held").GetInt32(), availability.GetProperty("available").GetInt32()));

        // A second tap on the same button is the same reply: stored once, nothing held twice.
        await offer.GetByRole(Microsoft.Playwright.AriaRole.Button, new() { Name = "Hold my pair" }).ClickAsync();
        await Expect(page.Locator("#status")).ToHaveTextAsync("Reply sent: Hold my pair (duplicate)");
        Assert.Equal(1, (await api.GetFromJsonAsync<JsonElement>("/api/v1/restock/products/runner-42/availability")).GetProperty("held").GetInt32());
        await Browser.ScreenshotAsync(page, "sdk-series-hold");
    }

    private static async Task<string> DefineSeriesAsync(HttpClient api)
    {
        var sender = await api.PostAsJsonAsync("/api/v1/exchange/senders", new
        {
            name = "Restock alerts", fromAddress = "alerts@midnight.test", rules = new { channels = new[] { "in_app" }, consentRequired = Array.Empty<string>() },
        });
        var recipient = await api.PostAsJsonAsync("/api/v1/exchange/recipients", new { externalId = "user-9", contacts = new { inAppUserId = "user-9" } });
        Assert.True(recipient.IsSuccessStatusCode, await recipient.Content.ReadAsStringAsync());
        var series = await api.PostAsJsonAsync("/api/v1/exchange/series", new
        {
            name = "Runner 42 restock",
            senderId = (await sender.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString(),
            steps = new object[]
            {
                new
                {
                    id = "offer",
                    message = new { title = "Runner 42 is back", body = "Want us to hold a pair for 15 minutes?" },
                    replies = new object[]
                    {
                        new { button = "Hold my pair", actions = new object[] { new { type = "hold", target = "product", id = "runner-42", units = 1, minutes = 15 }, new { type = "goto", step = "held" } } },
                        new { button = "No thanks", actions = new object[] { new { type = "unsubscribe" } } },
                    },
                },
                new { id = "held", message = new { title = "Held for you", body = "Held until {{ data.hold.until }}." } },
            },
        });
        Assert.True(series.StatusCode == HttpStatusCode.Created, await series.Content.ReadAsStringAsync());
        return (await series.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
    }
}
