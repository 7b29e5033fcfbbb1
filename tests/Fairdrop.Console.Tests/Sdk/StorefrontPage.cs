using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Fairdrop.Core.Shoppers;
using Fairdrop.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Fairdrop.Console.Tests.Sdk;

/// <summary>
/// A test storefront on its own loopback origin, as a shop's site would be: it serves the built script-tag bundle of
/// <c>sdk/js</c> and its service worker, and one page that identifies its user with the SDK, shows the inbox live with an unread badge, and
/// offers each message's quick replies as buttons (or one "Reply YES").
/// </summary>
internal sealed class StorefrontPage : IAsyncDisposable
{
    private const string Page = """
        <!DOCTYPE html>
        <html lang="en"><head><meta charset="utf-8"><title>Test storefront</title></head>
        <body>
          <h1>Midnight Sneakers</h1>
          <p>Unread: <span id="badge">0</span></p>
          <p id="status" role="status"></p>
          <ul id="inbox"></ul>
          <script src="/fairdrop.js"></script>
          <script>
            const q = new URLSearchParams(location.search);
            const client = Fairdrop.init({ baseUrl: q.get("base"), channelId: q.get("channel"), userToken: q.get("token") });
            const badge = async () => { document.getElementById("badge").textContent = String(await client.unreadCount()); };
            const show = m => {
              const li = document.createElement("li");
              li.dataset.id = m.id;
              li.innerHTML = `<strong></strong> <span></span> `;
              li.querySelector("strong").textContent = m.title;
              li.querySelector("span").textContent = m.body;
              // A series step's quick replies as buttons; a plain message gets one "Reply YES".
              for (const label of m.quickReplies?.length ? m.quickReplies : ["Reply YES"]) {
                const button = document.createElement("button");
                button.type = "button";
                button.textContent = label;
                button.onclick = async () => {
                  const reply = m.quickReplies?.length ? await client.quickReply(m, label) : await client.reply("YES", { inReplyTo: m.id });
                  await client.markRead(m.id);
                  document.getElementById("status").textContent = `Reply sent: ${reply.text}` + (reply.series ? ` (${reply.series.outcome})` : "");
                  await badge();
                };
                li.append(button);
              }
              document.getElementById("inbox").append(li);
            };
            client.inbox().then(async items => { items.forEach(show); await badge(); document.getElementById("status").textContent = "ready"; })
              .catch(e => { document.getElementById("status").textContent = `refused: ${e.code}`; });
            client.subscribe(async m => { show(m); await badge(); }, e => { document.getElementById("status").textContent = `refused: ${e.code}`; });
          </script>
        </body></html>
        """;

    private readonly WebApplication _app;

    private StorefrontPage(WebApplication app, string origin)
    {
        _app = app;
        Origin = origin;
    }

    public string Origin { get; }

    public static async Task<StorefrontPage> StartAsync()
    {
        var bundle = RepoFiles.PathOf("sdk", "js", "dist", "fairdrop.js");
        if (!File.Exists(bundle))
        {
            var reason = "SDK lane skipped: build sdk/js first (./test.sh runs npm ci and npm run build there).";
            if (Environment.GetEnvironmentVariable(TestServers.RequireVariable) == "1")
            {
                throw new InvalidOperationException(reason);
            }

            Skip.If(true, reason);
        }

        var app = LoopbackApp.Create();
        app.MapGet("/", () => Results.Content(Page, "text/html; charset=utf-8"));
        app.MapGet("/fairdrop.js", () => Results.File(bundle, "text/javascript; charset=utf-8"));
        app.MapGet("/fairdrop-sw.js", () => Results.File(Path.ChangeExtension(bundle, null) + "-sw.js", "text/javascript; charset=utf-8"));
        var origin = await LoopbackApp.StartAsync(app);
        return new StorefrontPage(app, origin);
    }

    /// <summary>Registers this storefront's origin as the merchant's in-app channel and rotates their shopper-signing secret.</summary>
    public async Task<StorefrontChannel> RegisterAsync(HttpClient api)
    {
        var rotated = await api.PostAsJsonAsync("/api/v1/merchant/shopper-secret/rotate", new { graceSeconds = 0 });
        var secret = (await rotated.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("secret").GetString()!;
        var created = await api.PostAsJsonAsync("/api/v1/exchange/sdk/channels", new { name = "Storefront", allowedOrigins = new[] { Origin } });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        return new StorefrontChannel(secret, (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!);
    }

    public string Url(string fairdrop, string channelId, string token) =>
        $"{Origin}/?base={Uri.EscapeDataString(fairdrop)}&channel={Uri.EscapeDataString(channelId)}&token={Uri.EscapeDataString(token)}";

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}

/// <summary>A storefront's channel: its id, and the secret the shop's backend signs its users' tokens with.</summary>
internal sealed record StorefrontChannel(string Secret, string ChannelId)
{
    /// <summary>The token the shop's backend would sign for <paramref name="user"/>, for this channel, valid 30 minutes.</summary>
    public string TokenOf(string user) => ShopperTokens.Sign(Secret, user, TimeProvider.System.GetUtcNow().AddMinutes(30), Guid.Parse(ChannelId));
}
