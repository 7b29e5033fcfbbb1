using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Fairdrop.Core.Shoppers;
using Fairdrop.Testing;
using static Microsoft.Playwright.Assertions;

namespace Fairdrop.Console.Tests.Sdk;

/// <summary>
/// The browser SDK in headless Chromium: a storefront on its own origin loads the built bundle, identifies its user with
/// a token the shop's backend signed, receives an in-app message live as the exchange delivers it, and replies; another
/// user's token sees nothing of it, a forged token is refused, and another origin is refused.
/// </summary>
public sealed class SdkBrowserTests
{
    [SkippableFact]
    public async Task Storefront_ReceivesAMessageLive_AndRepliesOnce_WhileOthersSeeNothing()
    {
        await using var browser = await Browser.LaunchAsync();
        await using var server = await ConsoleServer.StartAsync();
        await using var storefront = await StorefrontPage.StartAsync();
        var api = server.Api;
        var channel = await storefront.RegisterAsync(api);
        var channelId = channel.ChannelId;
        var expires = TimeProvider.System.GetUtcNow().AddMinutes(30);
        string TokenOf(string user) => channel.TokenOf(user);

        var page = await browser.NewPageAsync();
        await page.GotoAsync(storefront.Url(server.BaseUrl, channelId, TokenOf("user-7")));
        await Expect(page.Locator("#status")).ToHaveTextAsync("ready");
        var other = await browser.NewPageAsync();
        await other.GotoAsync(storefront.Url(server.BaseUrl, channelId, TokenOf("user-8")));
        await Expect(other.Locator("#status")).ToHaveTextAsync("ready");

        await SendInAppAsync(api, "user-7");
        await Expect(page.Locator("#inbox li")).ToContainTextAsync("Runner 42 is back", new() { Timeout = 20_000 });
        await Expect(page.Locator("#badge")).ToHaveTextAsync("1");

        await page.ClickAsync("#inbox li button");
        await Expect(page.Locator("#status")).ToHaveTextAsync("Reply sent: YES");
        await Expect(page.Locator("#badge")).ToHaveTextAsync("0");
        var replies = await api.GetFromJsonAsync<JsonElement>("/api/v1/exchange/sdk/replies/user-7");
        Assert.Equal("YES", Assert.Single(replies.EnumerateArray()).GetProperty("text").GetString());

        // Another user's page received nothing, and its inbox is empty.
        Assert.Equal(0, await other.Locator("#inbox li").CountAsync());
        await other.ReloadAsync();
        await Expect(other.Locator("#status")).ToHaveTextAsync("ready");
        Assert.Equal(0, await other.Locator("#inbox li").CountAsync());

        // A token signed with another secret is refused before anything is read.
        var forged = await browser.NewPageAsync();
        await forged.GotoAsync(storefront.Url(server.BaseUrl, channelId, ShopperTokens.Sign("not-the-shop-secret-0123456789abcdef", "user-7", expires)));
        await Expect(forged.Locator("#status")).ToHaveTextAsync("refused: invalid_token");
        Assert.Equal(0, await forged.Locator("#inbox li").CountAsync());

        // A page from an origin not on the channel's list is refused (403), with no CORS grant.
        using var foreign = new HttpRequestMessage(HttpMethod.Get, $"{server.BaseUrl}/api/v1/sdk/channels/{channelId}/inbox");
        foreign.Headers.Add("Origin", "https://evil.example");
        foreign.Headers.Add("X-Fairdrop-User-Token", TokenOf("user-7"));
        using var refused = await new HttpClient().SendAsync(foreign);
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.False(refused.Headers.Contains("Access-Control-Allow-Origin"));
        await Browser.ScreenshotAsync(page, "sdk-storefront");
    }

    private static async Task SendInAppAsync(HttpClient api, string user)
    {
        var sender = await api.PostAsJsonAsync("/api/v1/exchange/senders", new
        {
            name = "Restock alerts", fromAddress = "alerts@midnight.test", rules = new { channels = new[] { "in_app" }, consentRequired = Array.Empty<string>() },
        });
        Assert.Equal(HttpStatusCode.Created, sender.StatusCode);
        var recipient = await api.PostAsJsonAsync("/api/v1/exchange/recipients", new
        {
            externalId = user, contacts = new { inAppUserId = user }, rules = new { channelPreference = new[] { "in_app" } },
        });
        Assert.True(recipient.IsSuccessStatusCode, await recipient.Content.ReadAsStringAsync());
        var sent = await api.PostAsJsonAsync("/api/v1/exchange/distributions", new
        {
            senderId = (await sender.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString(),
            topic = "restock",
            idempotencyKey = "sdk-test-1",
            data = new { product = "Runner 42" },
            content = new { inApp = new { title = "{{ data.product }} is back", body = "Reply YES to hold a pair." } },
        });
        Assert.True(sent.StatusCode == HttpStatusCode.Accepted, await sent.Content.ReadAsStringAsync());
    }
}
