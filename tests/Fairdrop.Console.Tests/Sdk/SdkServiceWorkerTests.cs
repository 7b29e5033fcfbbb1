using System.Net.Http.Json;
using System.Text.Json;
using Fairdrop.Core.Shoppers;
using Fairdrop.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Playwright;

namespace Fairdrop.Console.Tests.Sdk;

/// <summary>
/// The SDK's web push in headless Chromium. The built service worker (<c>sdk/js/dist/fairdrop-sw.js</c>), registered
/// as a classic script, receives a push (delivered through the DevTools protocol, as a push service would) in the shape
/// Fairdrop's web push channel sends and shows it tagged with the delivery id; a storefront on its own origin runs
/// enablePush as far as the browser allows and stores and removes a subscription with the user token across origins.
/// </summary>
public sealed class SdkServiceWorkerTests
{
    [SkippableFact]
    public async Task ServiceWorker_PushInFairdropsShape_ShowsTheNotificationOnceTaggedWithTheDelivery()
    {
        var worker = RepoFiles.PathOf("sdk", "js", "dist", "fairdrop-sw.js");
        if (!File.Exists(worker))
        {
            const string Reason = "SDK lane skipped: build sdk/js first (./test.sh runs npm ci and npm run build there).";
            Skip.If(Environment.GetEnvironmentVariable(TestServers.RequireVariable) != "1", Reason);
            throw new InvalidOperationException(Reason);
        }

        await using var browser = await Browser.LaunchAsync();
        await using var app = LoopbackApp.Create();
        app.MapGet("/", () => Results.Content("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Shop</title></head><body></body></html>", "text/html; charset=utf-8"));
        app.MapGet("/fairdrop-sw.js", () => Results.File(worker, "text/javascript; charset=utf-8"));
        var origin = await LoopbackApp.StartAsync(app);

        var page = await browser.NewPageAsync();
        await page.Context.GrantPermissionsAsync(["notifications"], new() { Origin = origin });
        await page.GotoAsync(origin + "/");
        var cdp = await page.Context.NewCDPSessionAsync(page);
        var registrations = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        cdp.Event("ServiceWorker.workerVersionUpdated").OnEvent += (_, e) =>
        {
            foreach (var version in e!.Value.GetProperty("versions").EnumerateArray())
            {
                if (version.GetProperty("scriptURL").GetString() == origin + "/fairdrop-sw.js" && version.GetProperty("status").GetString() == "activated")
                {
                    registrations.TrySetResult(version.GetProperty("registrationId").GetString()!);
                }
            }
        };
        await cdp.SendAsync("ServiceWorker.enable");
        var scope = await page.EvaluateAsync<string>("async () => { await navigator.serviceWorker.register('/fairdrop-sw.js'); return (await navigator.serviceWorker.ready).scope; }");
        var registrationId = await registrations.Task.WaitAsync(TimeSpan.FromSeconds(20));

        var payload = JsonSerializer.Serialize(new { deliveryId = "0a1b2c3d", title = "Runner 42 is back", body = "In your size, for 20 minutes.", url = origin + "/p/42", topic = "restock" });
        foreach (var _ in new[] { 1, 2 })
        {
            // The same delivery twice, as a retry after a lost answer would send it: the tag makes it one notification.
            await cdp.SendAsync("ServiceWorker.deliverPushMessage", new Dictionary<string, object> { ["origin"] = origin, ["registrationId"] = registrationId, ["data"] = payload });
        }

        var shown = await NotificationsAsync(page, expected: 1);
        Assert.Equal(origin + "/", scope);
        var notification = Assert.Single(shown.EnumerateArray());
        Assert.Equal("Runner 42 is back", notification.GetProperty("title").GetString());
        Assert.Equal("In your size, for 20 minutes.", notification.GetProperty("body").GetString());
        Assert.Equal("0a1b2c3d", notification.GetProperty("tag").GetString());
        Assert.Equal(origin + "/p/42", notification.GetProperty("url").GetString());
    }

    [SkippableFact]
    public async Task Storefront_EnablePushAndTheWebPushEndpoints_WorkAcrossOriginsWithTheUserToken()
    {
        await using var browser = await Browser.LaunchAsync();
        await using var server = await ConsoleServer.StartAsync();
        await using var storefront = await StorefrontPage.StartAsync();
        var api = server.Api;
        var secret = (await (await api.PostAsJsonAsync("/api/v1/merchant/shopper-secret/rotate", new { graceSeconds = 0 })).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("secret").GetString()!;
        var created = await api.PostAsJsonAsync("/api/v1/exchange/sdk/channels", new { name = "Storefront", allowedOrigins = new[] { storefront.Origin } });
        var channelId = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        var recipient = await api.PostAsJsonAsync("/api/v1/exchange/recipients", new { externalId = "user-7", contacts = new { inAppUserId = "user-7" } });
        var recipientId = (await recipient.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        var token = ShopperTokens.Sign(secret, "user-7", TimeProvider.System.GetUtcNow().AddMinutes(30), Guid.Parse(channelId));
        var page = await browser.NewPageAsync();
        await page.Context.GrantPermissionsAsync(["notifications"], new() { Origin = storefront.Origin });
        await page.GotoAsync(storefront.Url(server.BaseUrl, channelId, token));

        // Headless Chromium has no push service, so subscribe() itself is refused; everything before it (the worker
        // registered and active, the VAPID key read across origins with the token) has to work to get that far.
        var enabled = await page.EvaluateAsync<string>("() => client.enablePush({ device: 'headless' }).then(d => 'stored ' + d.endpoint, e => e.code)");
        var devices = await DevicesAsync(api, recipientId);
        if (enabled.StartsWith("stored ", StringComparison.Ordinal))
        {
            Assert.Equal([enabled["stored ".Length..]], devices);
            Assert.True(await page.EvaluateAsync<bool>("() => client.disablePush()"));
        }
        else
        {
            Assert.Equal("push_subscribe_failed", enabled);
            Assert.Empty(devices);
            Assert.False(await page.EvaluateAsync<bool>("() => client.disablePush()"));
        }

        // The page's own POST and DELETE of a subscription, across origins: the preflight must allow both.
        var stored = await page.EvaluateAsync<int>("""
            () => fetch(`${q.get("base")}/api/v1/sdk/channels/${q.get("channel")}/webpush`, { method: "POST",
              headers: { "Content-Type": "application/json", "X-Fairdrop-User-Token": q.get("token") },
              body: JSON.stringify({ endpoint: "https://push.example.net/headless", keys: { p256dh: "BCVxsr7N_eNgVRqvHtD0zTZsEc6-VV-JvLexhqUzORcxaOzi6-AYWXvTBHm4bjyPjs7Vd8pZGH6SRpkNtoIAiw4", auth: "BTBZMqHH6r4Tts7J_aSIgg" } }) })
              .then(r => r.status)
            """);
        var afterPost = await DevicesAsync(api, recipientId);
        var removed = await page.EvaluateAsync<int>("""
            () => fetch(`${q.get("base")}/api/v1/sdk/channels/${q.get("channel")}/webpush`, { method: "DELETE",
              headers: { "Content-Type": "application/json", "X-Fairdrop-User-Token": q.get("token") },
              body: JSON.stringify({ endpoint: "https://push.example.net/headless" }) })
              .then(r => r.status)
            """);

        Assert.Equal(201, stored);
        Assert.Equal(["https://push.example.net/headless"], afterPost);
        Assert.Equal(204, removed);
        Assert.Empty(await DevicesAsync(api, recipientId));
    }

    private static async Task<IReadOnlyList<string>> DevicesAsync(HttpClient api, string recipientId)
    {
        var list = await api.GetFromJsonAsync<JsonElement>($"/api/v1/exchange/recipients/{recipientId}/webpush");
        return [.. list.GetProperty("items").EnumerateArray().Select(s => s.GetProperty("endpoint").GetString()!)];
    }

    /// <summary>The registration's shown notifications, polled (bounded) until there are <paramref name="expected"/>, and a moment more to catch extras.</summary>
    private static async Task<JsonElement> NotificationsAsync(IPage page, int expected)
    {
        const string Read = "async () => (await (await navigator.serviceWorker.ready).getNotifications()).map(n => ({ title: n.title, body: n.body, tag: n.tag, url: n.data && n.data.url }))";
        var clock = System.Diagnostics.Stopwatch.StartNew();
        JsonElement shown;
        do
        {
            await page.WaitForTimeoutAsync(200);
            shown = (await page.EvaluateAsync<JsonElement?>(Read))!.Value;
        }
        while (shown.GetArrayLength() < expected && clock.Elapsed < TimeSpan.FromSeconds(20));

        await page.WaitForTimeoutAsync(500);
        return (await page.EvaluateAsync<JsonElement?>(Read))!.Value;
    }
}
