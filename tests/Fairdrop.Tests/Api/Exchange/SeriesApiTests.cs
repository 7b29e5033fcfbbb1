using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Fairdrop.Exchange.Channels.Sms;
using Fairdrop.Testing;
using Microsoft.AspNetCore.Mvc.Testing;
using static Fairdrop.Tests.Api.Exchange.ExchangeApi;

namespace Fairdrop.Tests.Api.Exchange;

/// <summary>
/// A two-way series through the real app (workers running) over SQLite: defined and checked over the API, launched to
/// an SMS-only shopper, answered through the provider's signed inbound webhook, holding real restock stock, and a
/// STOP in the middle honoured (nothing more is sent, later replies are answered, not acted on).
/// </summary>
public sealed class SeriesApiTests : IAsyncLifetime
{
    private SmsApp _sms = null!;
    private WebApplicationFactory<Program> _app = null!;
    private FakeTwilio _twilio = null!;

    public static object Definition(string senderId) => new
    {
        name = "Back in stock",
        senderId,
        steps = new object[]
        {
            new
            {
                id = "offer",
                message = new { title = "Trail boot is back", body = "Hold a pair for 15 minutes?", sms = "Trail boot is back. Reply YES to hold a pair for 15 min." },
                replies = new object[]
                {
                    new { keywords = new[] { "YES", "Y" }, button = "Hold my pair", actions = new object[] { new { type = "hold", target = "product", id = "40001", units = 1, minutes = 15 }, new { type = "goto", step = "held" } } },
                    new { keywords = new[] { "NO" }, button = "No thanks", actions = new object[] { new { type = "unsubscribe", text = "Done, no more messages." } } },
                },
                fallback = "Reply YES to hold a pair.",
                timeout = new { minutes = 60 },
            },
            new
            {
                id = "held",
                message = new { title = "Held for you", body = "Held until {{ data.hold.expiresAt }}.", sms = "Held until {{ data.hold.expiresAt }}. Reply BUY." },
                replies = new object[] { new { keywords = new[] { "BUY" }, button = "Buy now", actions = new object[] { new { type = "cart", id = "40001", url = "https://shop.example/cart", text = "Check out: {{ data.cart.url }}" } } } },
                timeout = new { minutes = 15 },
            },
        },
    };

    public async Task InitializeAsync()
    {
        _sms = await SmsApp.StartAsync();
        (_app, _twilio) = (_sms.App, _sms.Twilio);
    }

    public async Task DisposeAsync() => await _sms.DisposeAsync();

    [Fact]
    public async Task Sms_ReplyHolds_StopInTheMiddleEndsIt_LaterRepliesAreAnsweredNotActed()
    {
        var client = await MerchantAsync(_app);
        Assert.Equal(HttpStatusCode.OK, (await client.PostAsJsonAsync("/api/v1/restock/products", new { products = new[] { new { externalId = "40001", title = "Trail boot", available = 3 } } })).StatusCode);
        var senderId = await CreateSenderAsync(client, new { channels = new[] { "in_app", "sms" }, consentRequired = Array.Empty<string>() });
        Assert.Equal(HttpStatusCode.OK, (await client.PostAsJsonAsync($"{Base}/recipients/bulk", new { recipients = new[] { Recipient("bo", phone: "+1 650-253-0001", emailConsent: false) } })).StatusCode);
        var series = await client.PostAsJsonAsync($"{Base}/series", Definition(senderId));
        Assert.Equal(HttpStatusCode.Created, series.StatusCode);
        var seriesId = (await series.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString();

        var launch = await client.PostAsJsonAsync($"{Base}/series/{seriesId}/launches", new { audience = new { externalIds = new[] { "bo" } }, idempotencyKey = "tonight" });
        Assert.Equal(HttpStatusCode.Accepted, launch.StatusCode);
        var launched = await launch.Content.ReadFromJsonAsync<JsonElement>();
        var merchantId = launched.GetProperty("merchantId").GetString()!;
        await TextsAsync(1);
        Assert.Contains("Reply YES", _twilio.Messages.Values.Single()["Body"], StringComparison.Ordinal);

        var yes = await InboundAsync(merchantId, "SMyes", "Y");
        var yesAgain = await InboundAsync(merchantId, "SMyes", "Y"); // the provider retries
        await TextsAsync(2);
        var availability = await client.GetFromJsonAsync<JsonElement>("/api/v1/restock/products/40001/availability");
        Assert.Equal(HttpStatusCode.OK, yes.StatusCode);
        Assert.Equal(HttpStatusCode.OK, yesAgain.StatusCode);
        Assert.Equal((1, 2), (availability.GetProperty("held").GetInt32(), availability.GetProperty("available").GetInt32()));
        Assert.Contains(_twilio.Messages.Values, m => m["Body"].StartsWith("Held until ", StringComparison.Ordinal));

        var stop = await InboundAsync(merchantId, "SMstop", "STOP");
        var buy = await InboundAsync(merchantId, "SMbuy", "BUY");
        var conversations = await client.GetFromJsonAsync<JsonElement>($"{Base}/conversations");

        Assert.Equal(HttpStatusCode.OK, stop.StatusCode);
        Assert.Contains("unsubscribed", await buy.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var conversation = Assert.Single(conversations.GetProperty("items").EnumerateArray());
        Assert.Equal("unsubscribed", conversation.GetProperty("status").GetString());
        await Task.Delay(500); // a dispatch poll or five: nothing more may go out
        Assert.Equal(2, _twilio.Messages.Count);
        var detail = await client.GetFromJsonAsync<JsonElement>($"{Base}/conversations/{conversation.GetProperty("id").GetString()}");
        Assert.Equal(["acted", "unsubscribed", "ended"], detail.GetProperty("events").EnumerateArray().Select(e => e.GetProperty("outcome").GetString()));
    }

    [Fact]
    public async Task Sms_ReplyWhileTheOfferIsStillBeingSent_IsAttachedToItsSeries()
    {
        // The provider takes the offer but answers three seconds late: the delivery is still being sent when the shopper
        // replies, and the reply must reach the series all the same, not fall to the text before it (or to nothing).
        var client = await MerchantAsync(_app);
        var senderId = await CreateSenderAsync(client, new { channels = new[] { "sms" }, consentRequired = Array.Empty<string>() });
        Assert.Equal(HttpStatusCode.OK, (await client.PostAsJsonAsync($"{Base}/recipients/bulk", new { recipients = new[] { Recipient("bo", phone: "+1 650-253-0001", emailConsent: false) } })).StatusCode);
        var seriesId = (await (await client.PostAsJsonAsync($"{Base}/series", Definition(senderId))).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString();
        _twilio.Faults.Enqueue(FakeTwilio.Fault.Late(TimeSpan.FromSeconds(3)));

        var launched = await (await client.PostAsJsonAsync($"{Base}/series/{seriesId}/launches", new { audience = new { externalIds = new[] { "bo" } }, idempotencyKey = "k" })).Content.ReadFromJsonAsync<JsonElement>();
        await TextsAsync(1);
        var sent = await client.GetFromJsonAsync<JsonElement>($"{Base}/deliveries?distributionId={launched.GetProperty("distributionId").GetString()}&status=sent");
        var no = await InboundAsync(launched.GetProperty("merchantId").GetString()!, "SMno", "NO");

        Assert.Equal(0, sent.GetProperty("items").GetArrayLength()); // the reply came while the offer was in flight
        Assert.Equal(HttpStatusCode.OK, no.StatusCode);
        var conversation = Assert.Single((await client.GetFromJsonAsync<JsonElement>($"{Base}/conversations")).GetProperty("items").EnumerateArray());
        Assert.Equal("unsubscribed", conversation.GetProperty("status").GetString());
    }

    [Fact]
    public async Task Sdk_AnotherUsersTokenOrAForgedOne_CannotReplyToTheConversation_NorReadIt()
    {
        var client = await MerchantAsync(_app);
        Assert.Equal(HttpStatusCode.OK, (await client.PostAsJsonAsync("/api/v1/restock/products", new { products = new[] { new { externalId = "40001", title = "Trail boot", available = 3 } } })).StatusCode);
        var secret = (await (await client.PostAsJsonAsync("/api/v1/merchant/shopper-secret/rotate", new { graceSeconds = 0 })).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("secret").GetString()!;
        var channel = await client.PostAsJsonAsync($"{Base}/sdk/channels", new { name = "Storefront", allowedOrigins = new[] { "https://shop.example" } });
        var channelId = (await channel.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        var senderId = await CreateSenderAsync(client, new { channels = new[] { "in_app" }, consentRequired = Array.Empty<string>() });
        foreach (var user in new[] { "u-1", "u-2" })
        {
            Assert.True((await client.PostAsJsonAsync($"{Base}/recipients", new { externalId = user, contacts = new { inAppUserId = user } })).IsSuccessStatusCode);
        }

        var seriesId = (await (await client.PostAsJsonAsync($"{Base}/series", Definition(senderId))).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString();
        await client.PostAsJsonAsync($"{Base}/series/{seriesId}/launches", new { audience = new { externalIds = new[] { "u-1" } }, idempotencyKey = "k" });
        var offer = await FirstInboxMessageAsync(client, "u-1");
        var expires = TimeProvider.System.GetUtcNow().AddMinutes(10);
        HttpRequestMessage Reply(string token, string origin = "https://shop.example")
        {
            var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/sdk/channels/{channelId}/replies")
            {
                Content = JsonContent.Create(new { replyKey = "tap-1", inReplyTo = offer, text = "Hold my pair" }),
            };
            request.Headers.Add("X-Fairdrop-User-Token", token);
            request.Headers.Add("Origin", origin);
            return request;
        }

        var anonymous = _app.CreateClient();
        var otherUser = await anonymous.SendAsync(Reply(Fairdrop.Core.Shoppers.ShopperTokens.Sign(secret, "u-2", expires, Guid.Parse(channelId))));
        var forged = await anonymous.SendAsync(Reply(Fairdrop.Core.Shoppers.ShopperTokens.Sign("not-the-shop-secret-0123456789abcdef", "u-1", expires, Guid.Parse(channelId))));
        var expired = await anonymous.SendAsync(Reply(Fairdrop.Core.Shoppers.ShopperTokens.Sign(secret, "u-1", TimeProvider.System.GetUtcNow().AddMinutes(-1), Guid.Parse(channelId))));
        var foreign = await anonymous.SendAsync(Reply(Fairdrop.Core.Shoppers.ShopperTokens.Sign(secret, "u-1", expires, Guid.Parse(channelId)), "https://evil.example"));
        var otherInbox = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/sdk/channels/{channelId}/inbox");
        otherInbox.Headers.Add("X-Fairdrop-User-Token", Fairdrop.Core.Shoppers.ShopperTokens.Sign(secret, "u-2", expires, Guid.Parse(channelId)));

        await ProblemAssert.IsProblemAsync(otherUser, HttpStatusCode.NotFound, "not_found");
        Assert.Equal(HttpStatusCode.Unauthorized, forged.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, expired.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, foreign.StatusCode);
        Assert.Empty((await (await anonymous.SendAsync(otherInbox)).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("items").EnumerateArray());
        Assert.Equal(0, (await client.GetFromJsonAsync<JsonElement>("/api/v1/restock/products/40001/availability")).GetProperty("held").GetInt32());
        Assert.Empty((await client.GetFromJsonAsync<JsonElement>($"{Base}/conversations")).GetProperty("items").EnumerateArray());

        var own = await anonymous.SendAsync(Reply(Fairdrop.Core.Shoppers.ShopperTokens.Sign(secret, "u-1", expires, Guid.Parse(channelId))));
        Assert.Equal(HttpStatusCode.Created, own.StatusCode);
        Assert.Equal("acted", (await own.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("series").GetProperty("outcome").GetString());
    }

    [Theory]
    [InlineData("unreachable", "Step 'lost' cannot be reached")]
    [InlineData("cycle", "Step 'a' is in a cycle")]
    [InlineData("unknown_goto", "goes to 'nowhere'")]
    [InlineData("reserved_keyword", "carriers' STOP keyword")]
    [InlineData("loopback_webhook", "webhook URL is refused")]
    public async Task Create_BadDefinition_400NamingTheStep_NothingStored(string flaw, string expected)
    {
        var client = await MerchantAsync(_app);
        var senderId = await CreateSenderAsync(client);
        object Step(string id, object[]? replies = null, object? timeout = null) => new { id, message = new { body = "Hi", sms = "Hi" }, replies, timeout };
        object Goto(string step) => new { keywords = new[] { "GO" }, actions = new object[] { new { type = "goto", step } } };
        var steps = flaw switch
        {
            "unreachable" => new[] { Step("start"), Step("lost") },
            "cycle" => [Step("a", [Goto("b")]), Step("b", [Goto("a")])],
            "unknown_goto" => [Step("a", [Goto("nowhere")])],
            "reserved_keyword" => [Step("a", [new { keywords = new[] { "stop" }, actions = new object[] { new { type = "handoff" } } }])],
            _ => [Step("a", [new { keywords = new[] { "GO" }, actions = new object[] { new { type = "webhook", url = "http://127.0.0.1:9/hook" } } }])],
        };

        var response = await client.PostAsJsonAsync($"{Base}/series", new { name = "Broken", senderId, steps });

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest, "validation_failed");
        Assert.Contains(expected, problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Empty((await client.GetFromJsonAsync<JsonElement>($"{Base}/series")).GetProperty("items").EnumerateArray());
    }

    [Fact]
    public async Task Cycle_WithATimeout_IsAccepted()
    {
        var client = await MerchantAsync(_app);
        var senderId = await CreateSenderAsync(client);
        object Step(string id, string next, object? timeout) =>
            new { id, message = new { body = "Hi" }, replies = new object[] { new { keywords = new[] { "GO" }, actions = new object[] { new { type = "goto", step = next } } } }, timeout };

        var response = await client.PostAsJsonAsync($"{Base}/series", new { name = "Loop", senderId, steps = new[] { Step("a", "b", new { minutes = 5 }), Step("b", "a", null) } });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }

    private static async Task<string> FirstInboxMessageAsync(HttpClient client, string user)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromSeconds(20))
        {
            var items = (await client.GetFromJsonAsync<JsonElement>($"{Base}/inbox/{user}")).GetProperty("items");
            if (items.GetArrayLength() > 0)
            {
                return items[0].GetProperty("id").GetString()!;
            }

            await Task.Delay(50);
        }

        throw new TimeoutException($"Nothing reached {user}'s inbox in 20 s.");
    }

    private Task TextsAsync(int count) => _sms.TextsAsync(count);

    private Task<HttpResponseMessage> InboundAsync(string merchantId, string sid, string body) => _sms.InboundAsync(merchantId, sid, body);
}
