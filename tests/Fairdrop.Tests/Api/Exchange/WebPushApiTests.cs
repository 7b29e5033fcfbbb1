using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Fairdrop.Testing.WebPush;
using static Fairdrop.Tests.Api.Exchange.ExchangeApi;

namespace Fairdrop.Tests.Api.Exchange;

/// <summary>Web push subscriptions and the VAPID key through the real app over a fresh SQLite database.</summary>
public sealed class WebPushApiTests : IAsyncLifetime
{
    private const string Key = "BCVxsr7N_eNgVRqvHtD0zTZsEc6-VV-JvLexhqUzORcxaOzi6-AYWXvTBHm4bjyPjs7Vd8pZGH6SRpkNtoIAiw4";
    private const string Auth = "BTBZMqHH6r4Tts7J_aSIgg";
    private FairdropFactory _app = null!;

    // The push service of the end-to-end test runs on loopback, which the operator allow-lists here.
    public async Task InitializeAsync() => _app = await FairdropFactory.CreateAsync(settings: FairdropFactory.AllowLoopback);

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task Subscriptions_AddListRemove_RoundTripWithoutTheAuthSecret()
    {
        var client = await MerchantAsync(_app);
        var recipient = await CreateRecipientAsync(client);

        var added = await client.PostAsJsonAsync($"{Base}/recipients/{recipient}/webpush", Subscription("https://push.example.net/a", "phone"));
        var body = await added.Content.ReadFromJsonAsync<JsonElement>();
        var id = body.GetProperty("id").GetString();
        var list = await client.GetFromJsonAsync<JsonElement>($"{Base}/recipients/{recipient}/webpush");
        var removed = await client.DeleteAsync($"{Base}/recipients/{recipient}/webpush/{id}");
        var again = await client.DeleteAsync($"{Base}/recipients/{recipient}/webpush/{id}");
        var after = await client.GetFromJsonAsync<JsonElement>($"{Base}/recipients/{recipient}/webpush");

        Assert.Equal(HttpStatusCode.Created, added.StatusCode);
        Assert.Equal($"/api/v1/exchange/recipients/{recipient}/webpush/{id}", added.Headers.Location?.OriginalString);
        Assert.Equal("phone", body.GetProperty("device").GetString());
        Assert.False(body.TryGetProperty("auth", out _));
        Assert.Equal(id, Assert.Single(list.GetProperty("items").EnumerateArray()).GetProperty("id").GetString());
        Assert.Equal(HttpStatusCode.NoContent, removed.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, again.StatusCode);
        Assert.Empty(after.GetProperty("items").EnumerateArray());
    }

    [Theory]
    [InlineData("http://push.example.net/a", Key, Auth, "endpoint")]
    [InlineData("https://push.example.net/a", "BAAA", Auth, "keys.p256dh")]
    [InlineData("https://push.example.net/a", Key, "short", "keys.auth")]
    public async Task Subscriptions_Malformed_Is400WithStableCode(string endpoint, string p256dh, string auth, string field)
    {
        var client = await MerchantAsync(_app);
        var recipient = await CreateRecipientAsync(client);

        var response = await client.PostAsJsonAsync($"{Base}/recipients/{recipient}/webpush", new { endpoint, keys = new { p256dh, auth } });

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest, "invalid_push_subscription");
        Assert.Equal(field, problem.GetProperty("field").GetString());
    }

    [Fact]
    public async Task Subscriptions_AnotherMerchantsRecipient_Is404()
    {
        var client = await MerchantAsync(_app);
        var other = await MerchantAsync(_app, "Other");
        var recipient = await CreateRecipientAsync(client);

        var response = await other.PostAsJsonAsync($"{Base}/recipients/{recipient}/webpush", Subscription("https://push.example.net/a"));

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.NotFound, "not_found");
    }

    [Fact]
    public async Task VapidPublicKey_Anonymous_SameKeyEveryTimeAndAPoint()
    {
        var first = await _app.CreateClient().GetFromJsonAsync<JsonElement>($"{Base}/webpush/vapid-public-key");
        var second = await _app.CreateClient().GetFromJsonAsync<JsonElement>($"{Base}/webpush/vapid-public-key");

        var key = first.GetProperty("applicationServerKey").GetString()!;
        Assert.Equal(key, second.GetProperty("applicationServerKey").GetString());
        Assert.Equal(65, System.Buffers.Text.Base64Url.DecodeFromChars(key).Length);
    }

    [Fact]
    public async Task Recipients_InlineWebPushContact_Is400PointingToTheSubscriptionEndpoint()
    {
        var client = await MerchantAsync(_app);

        var response = await client.PostAsJsonAsync($"{Base}/recipients", new { externalId = "s1", contacts = new { webPush = new[] { new { endpoint = "https://push.example.net/a", p256dh = Key, auth = Auth } } } });

        await IsBadRequestNamingAsync(response, "contacts.webPush");
    }

    [Fact]
    public async Task Distribution_RecipientSubscribedThroughTheApi_WorkerPushesAndTheBrowserDecrypts()
    {
        await using var service = await PushService.StartAsync(TimeProvider.System);
        var client = await MerchantAsync(_app);
        var sender = await CreateSenderAsync(client, new { channels = new[] { "web_push" } });
        var recipient = await CreateRecipientAsync(client);
        var (endpoint, subscriber) = service.Subscribe();
        var vapid = await _app.CreateClient().GetFromJsonAsync<JsonElement>($"{Base}/webpush/vapid-public-key");
        service.ExpectedVapidKey = vapid.GetProperty("applicationServerKey").GetString();
        await client.PostAsJsonAsync($"{Base}/recipients/{recipient}/webpush", new { endpoint, keys = new { p256dh = subscriber.P256dh, auth = subscriber.AuthText } });

        var created = await client.PostAsJsonAsync($"{Base}/distributions", new
        {
            senderId = sender,
            topic = "restock",
            content = new { webPush = new { title = "{{ data.product }} are back", body = "Hi {{ recipient.externalId }}", url = "https://shop.test/p/1" } },
            data = new { product = "Red shoes" },
            idempotencyKey = "push-1",
        });
        var received = await ReceivedAsync(service, TimeSpan.FromSeconds(60));

        Assert.Equal(HttpStatusCode.Accepted, created.StatusCode);
        Assert.Equal(service.Origin, received.VapidAudience);
        using var payload = JsonDocument.Parse(received.Plaintext!);
        Assert.Equal("Red shoes are back", payload.RootElement.GetProperty("title").GetString());
        Assert.Equal("Hi shopper-1", payload.RootElement.GetProperty("body").GetString());
        Assert.Equal("restock", payload.RootElement.GetProperty("topic").GetString());
    }

    /// <summary>Waits (bounded) for the worker's first push to arrive.</summary>
    private static async Task<Received> ReceivedAsync(PushService service, TimeSpan timeout)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (service.Received.IsEmpty && clock.Elapsed < timeout)
        {
            await Task.Delay(100);
        }

        return Assert.Single(service.Received);
    }

    private static object Subscription(string endpoint, string? device = null) => new { endpoint, expirationTime = (long?)null, keys = new { p256dh = Key, auth = Auth }, device };

    private static async Task<string> CreateRecipientAsync(HttpClient client)
    {
        var response = await client.PostAsJsonAsync($"{Base}/recipients", Recipient("shopper-1", "s1@shoppers.test"));
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
    }
}
