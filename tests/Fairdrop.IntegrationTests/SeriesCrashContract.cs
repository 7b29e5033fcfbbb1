using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Dapper;
using Fairdrop.Core.Shoppers;
using Fairdrop.Core.Storage;
using Fairdrop.Testing;
using Xunit.Abstractions;

namespace Fairdrop.IntegrationTests;

/// <summary>
/// A two-way series through the real <c>fairdrop serve</c>, SIGKILLed around a shopper's in-app reply and restarted on
/// the same database: the reply still acts, once (one hold, one "held" message), and a retry of it is a duplicate.
/// Everything is set up and checked through the merchant API and the browser SDK's endpoints.
/// </summary>
public abstract class SeriesCrashContract(StorageProvider provider, ITestOutputHelper output)
{
    private const string OperatorKey = "series-crash-operator-key-0123456789";
    private const string Api = "/api/v1/exchange";
    private const string User = "u-1";
    private const string Product = "40001";
    private const string OfferTitle = "Trail boot is back";
    private const string HeldTitle = "Held for you";
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    [SkippableFact]
    public async Task Serve_KilledBetweenOfferAndReply_ReplyActsOnceAfterRestart()
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        Shop shop;
        Guid offerId;
        await using (var first = Start(db))
        {
            shop = await SetUpAsync(first);
            var offer = (await InboxWhenAsync(first, shop, items => items.Any(i => Title(i) == OfferTitle))).Single(i => Title(i) == OfferTitle);
            Assert.Contains("Hold my pair", offer.GetProperty("quickReplies").EnumerateArray().Select(b => b.GetString()));
            offerId = offer.GetProperty("id").GetGuid();
            await KillAsync(first);
        }

        output.WriteLine($"{provider}: at the kill, {await UnsentAsync(db)} deliveries were not yet recorded sent");

        await using var second = Start(db);
        await second.Process.WaitUntilServingAsync($"{second.Url}/healthz", Patience);

        var reply = await ReplyAsync(second, shop, "reply-1", offerId);
        var retry = await ReplyAsync(second, shop, "reply-1", offerId);

        Assert.Equal(HttpStatusCode.Created, reply.Status);
        Assert.Equal(("acted", "held"), (reply.Outcome, reply.Step));
        Assert.Equal(HttpStatusCode.OK, retry.Status);
        Assert.Equal("duplicate", retry.Outcome);
        await AssertActedOnceAsync(second, shop, db, reply.ConversationId);
    }

    [SkippableFact]
    public async Task Serve_KilledRightAfterReplyIsAcknowledged_HeldStepDeliveredOnce_HoldKept()
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        Shop shop;
        Guid offerId;
        Reply reply;
        await using (var first = Start(db))
        {
            shop = await SetUpAsync(first);
            offerId = (await InboxWhenAsync(first, shop, items => items.Any(i => Title(i) == OfferTitle))).Single(i => Title(i) == OfferTitle).GetProperty("id").GetGuid();
            reply = await ReplyAsync(first, shop, "reply-1", offerId);
            await KillAsync(first);
        }

        // Whether the dispatcher had sent the "held" message before the kill is up to the race; either way it must arrive once.
        output.WriteLine($"{provider}: at the kill, {await StepDeliveriesAsync(db, "d.status = 'sent'")} of {await StepDeliveriesAsync(db, "1 = 1")} step deliveries were recorded sent");

        Assert.Equal(HttpStatusCode.Created, reply.Status);
        Assert.Equal(("acted", "held"), (reply.Outcome, reply.Step));

        await using var second = Start(db);
        await second.Process.WaitUntilServingAsync($"{second.Url}/healthz", Patience);
        // The client never trusted the acknowledgement and sends again after the outage.
        var retry = await ReplyAsync(second, shop, "reply-1", offerId);

        Assert.Equal(HttpStatusCode.OK, retry.Status);
        Assert.Equal("duplicate", retry.Outcome);
        await AssertActedOnceAsync(second, shop, db, reply.ConversationId);
    }

    /// <summary>
    /// One hold, one "acted" event, and the "held" step's message in the inbox once, after its one delivery is recorded
    /// sent (so a resend the dispatcher still owed would have had its chance).
    /// </summary>
    private static async Task AssertActedOnceAsync(Server server, Shop shop, TestDatabase db, Guid conversationId)
    {
        // Every delivery recorded sent, the ones a kill cut included (taken up again after their lease), before counting.
        await PollAsync(server, async () => await StepDeliveriesAsync(db, "d.status = 'sent'") >= 1 && await UnsentAsync(db) == 0);
        var inbox = await InboxWhenAsync(server, shop, items => items.Any(i => Title(i) == HeldTitle));
        using var merchant = shop.Merchant(server);
        var availability = await merchant.GetFromJsonAsync<JsonElement>($"/api/v1/restock/products/{Product}/availability");
        var conversation = await merchant.GetFromJsonAsync<JsonElement>($"{Api}/conversations/{conversationId}");

        Assert.Equal(1, inbox.Count(i => Title(i) == HeldTitle));
        Assert.Equal(1, inbox.Count(i => Title(i) == OfferTitle));
        Assert.Equal(1, await StepDeliveriesAsync(db, "1 = 1"));
        Assert.Equal((1, 2), (availability.GetProperty("held").GetInt32(), availability.GetProperty("available").GetInt32()));
        Assert.Equal(["acted"], conversation.GetProperty("events").EnumerateArray().Select(e => e.GetProperty("outcome").GetString()));
        Assert.Equal("held", conversation.GetProperty("step").GetString());
    }

    private static Server Start(TestDatabase db)
    {
        var url = $"http://127.0.0.1:{FairdropProcess.FreePort()}";
        var environment = new Dictionary<string, string>
        {
            ["FAIRDROP_OPERATOR_KEY"] = OperatorKey,
            ["Fairdrop__Exchange__PollInterval"] = "00:00:00.200",
            // A delivery claimed when the process died is taken up again after its lease, within the test's patience.
            ["Fairdrop__Exchange__ClaimLease"] = "00:00:05",
        };
        if (db.PostgresConnectionString is { } postgres)
        {
            environment["FAIRDROP_POSTGRES"] = postgres;
        }
        else
        {
            environment["FAIRDROP_DATA"] = db.DataDirectory!;
        }

        return new Server(FairdropProcess.Start(["serve", "--urls", url], environment), url);
    }

    /// <summary>A merchant, an in-app channel, its shopper secret, an in-app sender, u-1, three trail boots, and the series launched to u-1.</summary>
    private static async Task<Shop> SetUpAsync(Server server)
    {
        await server.Process.WaitUntilServingAsync($"{server.Url}/healthz", Patience);
        using var operatorClient = new HttpClient { BaseAddress = new Uri(server.Url) };
        operatorClient.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", OperatorKey);
        var merchant = await operatorClient.PostAsJsonAsync("/api/v1/merchants", new { name = "Midnight Sneakers" });
        Assert.Equal(HttpStatusCode.Created, merchant.StatusCode);
        var key = (await merchant.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("apiKey").GetProperty("key").GetString()!;
        var shop = new Shop(key, Guid.Empty, string.Empty);
        using var client = shop.Merchant(server);

        var rotated = await client.PostAsJsonAsync("/api/v1/merchant/shopper-secret/rotate", new { graceSeconds = 0 });
        Assert.Equal(HttpStatusCode.OK, rotated.StatusCode);
        var secret = (await rotated.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("secret").GetString()!;
        var channel = await client.PostAsJsonAsync($"{Api}/sdk/channels", new { name = "Storefront", allowedOrigins = new[] { "https://shop.example" } });
        Assert.Equal(HttpStatusCode.Created, channel.StatusCode);
        var channelId = (await channel.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();

        var sender = await client.PostAsJsonAsync($"{Api}/senders", new
        {
            name = "Restock alerts",
            fromAddress = "alerts@midnight.test",
            rules = new { channels = new[] { "in_app" } },
        });
        Assert.Equal(HttpStatusCode.Created, sender.StatusCode);
        var senderId = (await sender.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        var recipients = await client.PostAsJsonAsync($"{Api}/recipients/bulk", new
        {
            recipients = new[]
            {
                new
                {
                    externalId = User,
                    contacts = new { inAppUserId = User },
                    consents = new { in_app = new { source = "storefront", text = "Tell me in the app", givenAt = "2025-01-01T00:00:00Z" } },
                    rules = new { timeZone = "UTC" },
                },
            },
        });
        Assert.True(recipients.StatusCode == HttpStatusCode.OK, await recipients.Content.ReadAsStringAsync());
        var products = await client.PostAsJsonAsync("/api/v1/restock/products", new { products = new[] { new { externalId = Product, title = "Trail boot", available = 3 } } });
        Assert.Equal(HttpStatusCode.OK, products.StatusCode);

        var series = await client.PostAsJsonAsync($"{Api}/series", Definition(senderId));
        Assert.True(series.StatusCode == HttpStatusCode.Created, await series.Content.ReadAsStringAsync());
        var seriesId = (await series.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString();
        var launch = await client.PostAsJsonAsync($"{Api}/series/{seriesId}/launches", new { audience = new { externalIds = new[] { User } }, idempotencyKey = "tonight" });
        Assert.True(launch.StatusCode == HttpStatusCode.Accepted, await launch.Content.ReadAsStringAsync());
        return shop with { ChannelId = channelId, Token = ShopperTokens.Sign(secret, User, TimeProvider.System.GetUtcNow().AddHours(1), channelId) };
    }

    private static object Definition(string senderId) => new
    {
        name = "Back in stock",
        senderId,
        steps = new object[]
        {
            new
            {
                id = "offer",
                message = new { title = OfferTitle, body = "Hold a pair for 15 minutes?" },
                replies = new object[]
                {
                    new { keywords = new[] { "YES" }, button = "Hold my pair", actions = new object[] { new { type = "hold", target = "product", id = Product, units = 1, minutes = 15 }, new { type = "goto", step = "held" } } },
                    new { keywords = new[] { "NO" }, button = "No thanks", actions = new object[] { new { type = "unsubscribe", text = "Done, no more messages." } } },
                },
                timeout = new { minutes = 60 },
            },
            new
            {
                id = "held",
                message = new { title = HeldTitle, body = "Held until {{ data.hold.expiresAt }}." },
                timeout = new { minutes = 15 },
            },
        },
    };

    private static async Task<Reply> ReplyAsync(Server server, Shop shop, string replyKey, Guid inReplyTo)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"{server.Url}/api/v1/sdk/channels/{shop.ChannelId}/replies")
        {
            Content = JsonContent.Create(new { replyKey, inReplyTo, text = "Hold my pair" }),
        };
        request.Headers.Add("X-Fairdrop-User-Token", shop.Token);
        using var http = new HttpClient();
        using var response = await http.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode}: {body}");
        var series = JsonDocument.Parse(body).RootElement.GetProperty("series");
        return new Reply(response.StatusCode, series.GetProperty("conversationId").GetGuid(), series.GetProperty("outcome").GetString()!, series.GetProperty("step").GetString()!);
    }

    /// <summary>u-1's inbox through the SDK, polled (bounded) until <paramref name="done"/> holds of it.</summary>
    private static async Task<List<JsonElement>> InboxWhenAsync(Server server, Shop shop, Func<List<JsonElement>, bool> done)
    {
        using var http = new HttpClient { BaseAddress = new Uri(server.Url) };
        http.DefaultRequestHeaders.Add("X-Fairdrop-User-Token", shop.Token);
        List<JsonElement> items = [];
        await PollAsync(server, async () =>
        {
            var inbox = await http.GetFromJsonAsync<JsonElement>($"/api/v1/sdk/channels/{shop.ChannelId}/inbox");
            items = [.. inbox.GetProperty("items").EnumerateArray()];
            return done(items);
        });
        return items;
    }

    private static string? Title(JsonElement message) => message.GetProperty("title").GetString();

    /// <summary>Deliveries of the series' later messages (every one but the launch's).</summary>
    private static async Task<long> StepDeliveriesAsync(TestDatabase db, string where)
    {
        await using var connection = await db.Factory.OpenAsync(default);
        return await connection.ExecuteScalarAsync<long>(
            "SELECT COUNT(*) FROM exchange_deliveries d JOIN exchange_distributions dist ON dist.id = d.distribution_id " +
            $"WHERE dist.idempotency_key LIKE 'series:%' AND {where}");
    }

    private static async Task<long> UnsentAsync(TestDatabase db)
    {
        await using var connection = await db.Factory.OpenAsync(default);
        return await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM exchange_deliveries WHERE status <> 'sent'");
    }

    private static async Task KillAsync(Server server)
    {
        server.Process.KillHard();
        await server.Process.WaitForExitAsync(TimeSpan.FromSeconds(10));
    }

    private static async Task PollAsync(Server server, Func<Task<bool>> done)
    {
        var clock = Stopwatch.StartNew();
        while (!await done())
        {
            if (server.Process.HasExited)
            {
                throw new InvalidOperationException($"fairdrop exited on its own.\n{server.Process.StandardError}");
            }

            if (clock.Elapsed > Patience)
            {
                throw new TimeoutException($"Not there within {Patience}.\n{server.Process.StandardError}");
            }

            await Task.Delay(100);
        }
    }

    /// <summary>The merchant's key, and u-1's SDK channel and token: all that outlives a process.</summary>
    private sealed record Shop(string Key, Guid ChannelId, string Token)
    {
        public HttpClient Merchant(Server server)
        {
            var client = new HttpClient { BaseAddress = new Uri(server.Url) };
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Key);
            return client;
        }
    }

    private sealed record Reply(HttpStatusCode Status, Guid ConversationId, string Outcome, string Step);

    /// <summary>One run of the real process and the address it serves on.</summary>
    private sealed record Server(FairdropProcess Process, string Url) : IAsyncDisposable
    {
        public ValueTask DisposeAsync() => Process.DisposeAsync();
    }
}

[Collection(nameof(SeriesCrashContract))]
public sealed class SqliteSeriesCrashTests(ITestOutputHelper output) : SeriesCrashContract(StorageProvider.Sqlite, output);

[Collection(nameof(SeriesCrashContract))]
public sealed class PostgresSeriesCrashTests(ITestOutputHelper output) : SeriesCrashContract(StorageProvider.Postgres, output);
