using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Fairdrop.Core.Shoppers;
using static Fairdrop.Tests.Api.Exchange.ExchangeApi;

namespace Fairdrop.Tests.Api.Exchange;

/// <summary>
/// The browser SDK's web push endpoints through the real app over a fresh SQLite database: a page stores its end user's
/// push subscription with the user token, for the recipient bound to that user, and nothing else gets through.
/// </summary>
public sealed class SdkWebPushApiTests : IAsyncLifetime
{
    private const string Key = "BCVxsr7N_eNgVRqvHtD0zTZsEc6-VV-JvLexhqUzORcxaOzi6-AYWXvTBHm4bjyPjs7Vd8pZGH6SRpkNtoIAiw4";
    private const string Auth = "BTBZMqHH6r4Tts7J_aSIgg";
    private const string Origin = "https://shop.example";
    private FairdropFactory _app = null!;

    public async Task InitializeAsync() => _app = await FairdropFactory.CreateAsync();

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task Subscribe_BoundUser_StoredForTheirRecipientOnly()
    {
        var shop = await ShopAsync();

        var response = await SendAsync(HttpMethod.Post, shop.Path, shop.Token("user-7"), Origin, Subscription("https://push.example.net/u7", "phone"));
        var other = await SendAsync(HttpMethod.Post, shop.Path, shop.Token("user-8"), Origin, Subscription("https://push.example.net/u8"));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal(Origin, response.Headers.GetValues("Access-Control-Allow-Origin").Single());
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("https://push.example.net/u7", body.GetProperty("endpoint").GetString());
        Assert.Equal("phone", body.GetProperty("device").GetString());
        Assert.False(body.TryGetProperty("auth", out _));
        Assert.False(body.TryGetProperty("recipientId", out _));
        Assert.Equal(HttpStatusCode.Created, other.StatusCode);
        Assert.Equal(["https://push.example.net/u7"], await EndpointsAsync(shop, shop.User7));
        Assert.Equal(["https://push.example.net/u8"], await EndpointsAsync(shop, shop.User8));
    }

    [Theory]
    [InlineData("forged", "invalid_token")]
    [InlineData("another merchant's", "invalid_token")]
    [InlineData("another channel's", "invalid_token")]
    [InlineData("none", "shopper_token_required")]
    public async Task Subscribe_TokenNotTheChannelMerchants_Is401AndNothingStored(string token, string code)
    {
        var shop = await ShopAsync();
        var other = await ShopAsync("Other shop");
        var expires = TimeProvider.System.GetUtcNow().AddMinutes(30);
        var forChannel = Guid.Parse(shop.ChannelId);
        var userToken = token switch
        {
            "forged" => ShopperTokens.Sign("not-the-shop-secret-0123456789abcdef", "user-7", expires, forChannel),
            "another merchant's" => other.Token("user-7"),
            "another channel's" => ShopperTokens.Sign(shop.Secret, "user-7", expires, Guid.Parse(await ChannelAsync(shop.Client))),
            _ => null,
        };

        var response = await SendAsync(HttpMethod.Post, shop.Path, userToken, Origin, Subscription("https://push.example.net/u7"));

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.Unauthorized, code);
        Assert.Empty(await EndpointsAsync(shop, shop.User7));
    }

    [Fact]
    public async Task Subscribe_OriginNotOnTheChannelsList_Is403WithoutCorsAndNothingStored()
    {
        var shop = await ShopAsync();

        var response = await SendAsync(HttpMethod.Post, shop.Path, shop.Token("user-7"), "https://evil.example", Subscription("https://push.example.net/u7"));

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.Forbidden, "origin_not_allowed");
        Assert.False(response.Headers.Contains("Access-Control-Allow-Origin"));
        Assert.Empty(await EndpointsAsync(shop, shop.User7));
    }

    [Theory]
    [InlineData("http://push.example.net/u7")]
    [InlineData("push.example.net/u7")]
    [InlineData("ftp://push.example.net/u7")]
    public async Task Subscribe_EndpointNotAnHttpsUrl_Is400NamingTheEndpoint(string endpoint)
    {
        var shop = await ShopAsync();

        var response = await SendAsync(HttpMethod.Post, shop.Path, shop.Token("user-7"), Origin, Subscription(endpoint));

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest, "invalid_push_subscription");
        Assert.Equal("endpoint", problem.GetProperty("field").GetString());
        Assert.Empty(await EndpointsAsync(shop, shop.User7));
    }

    [Theory]
    [InlineData("https://127.0.0.1/push")]
    [InlineData("https://localhost/push")]
    [InlineData("https://[::1]/push")]
    [InlineData("https://10.0.0.1/push")]
    [InlineData("https://192.168.1.20/push")]
    [InlineData("https://169.254.169.254/latest/meta-data/")]
    [InlineData("https://2130706433/push")]
    public async Task Subscribe_EndpointOnALoopbackPrivateOrLinkLocalAddress_Is422ForbiddenDestination(string endpoint)
    {
        var shop = await ShopAsync();

        var response = await SendAsync(HttpMethod.Post, shop.Path, shop.Token("user-7"), Origin, Subscription(endpoint));

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.UnprocessableEntity, "forbidden_destination");
        Assert.Equal("endpoint", problem.GetProperty("field").GetString());
        Assert.Empty(await EndpointsAsync(shop, shop.User7));
    }

    [Fact]
    public async Task Subscribe_UserWithoutARecipient_Is404RecipientNotBound()
    {
        var shop = await ShopAsync();

        var response = await SendAsync(HttpMethod.Post, shop.Path, shop.Token("user-9"), Origin, Subscription("https://push.example.net/u9"));

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.NotFound, "recipient_not_bound");
        Assert.Contains("user-9", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Empty(await EndpointsAsync(shop, shop.User7));
        Assert.Empty(await EndpointsAsync(shop, shop.User8));
    }

    [Fact]
    public async Task Unsubscribe_RemovesTheCallersSubscription_NeverAnotherUsers()
    {
        var shop = await ShopAsync();
        var endpoint = "https://push.example.net/u7";
        Assert.Equal(HttpStatusCode.Created, (await SendAsync(HttpMethod.Post, shop.Path, shop.Token("user-7"), Origin, Subscription(endpoint))).StatusCode);

        var byOther = await SendAsync(HttpMethod.Delete, shop.Path, shop.Token("user-8"), Origin, new { endpoint });
        var stillThere = await EndpointsAsync(shop, shop.User7);
        var byOwner = await SendAsync(HttpMethod.Delete, shop.Path, shop.Token("user-7"), Origin, new { endpoint });
        var again = await SendAsync(HttpMethod.Delete, shop.Path, shop.Token("user-7"), Origin, new { endpoint });
        var missing = await SendAsync(HttpMethod.Delete, shop.Path, shop.Token("user-7"), Origin, new { endpoint = "" });

        Assert.Equal(HttpStatusCode.NoContent, byOther.StatusCode);
        Assert.Equal([endpoint], stillThere);
        Assert.Equal(HttpStatusCode.NoContent, byOwner.StatusCode);
        Assert.Equal(Origin, byOwner.Headers.GetValues("Access-Control-Allow-Origin").Single());
        Assert.Empty(await EndpointsAsync(shop, shop.User7));
        Assert.Equal(HttpStatusCode.NoContent, again.StatusCode);
        await IsBadRequestNamingAsync(missing, "endpoint");
    }

    [Fact]
    public async Task Unsubscribe_ForgedToken_Is401AndTheSubscriptionStays()
    {
        var shop = await ShopAsync();
        var endpoint = "https://push.example.net/u7";
        await SendAsync(HttpMethod.Post, shop.Path, shop.Token("user-7"), Origin, Subscription(endpoint));
        var forged = ShopperTokens.Sign("not-the-shop-secret-0123456789abcdef", "user-7", TimeProvider.System.GetUtcNow().AddMinutes(30));

        var response = await SendAsync(HttpMethod.Delete, shop.Path, forged, Origin, new { endpoint });

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.Unauthorized, "invalid_token");
        Assert.Equal([endpoint], await EndpointsAsync(shop, shop.User7));
    }

    [Fact]
    public async Task Preflight_ChannelsOrigin_MayPostAndDelete()
    {
        var shop = await ShopAsync();
        using var request = new HttpRequestMessage(HttpMethod.Options, shop.Path);
        request.Headers.Add("Origin", Origin);
        request.Headers.Add("Access-Control-Request-Method", "DELETE");
        request.Headers.Add("Access-Control-Request-Headers", "content-type, x-fairdrop-user-token");

        using var response = await _app.CreateClient().SendAsync(request);

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Equal(Origin, response.Headers.GetValues("Access-Control-Allow-Origin").Single());
        var methods = response.Headers.GetValues("Access-Control-Allow-Methods").Single().Split(", ");
        Assert.Contains("DELETE", methods);
        Assert.Contains("POST", methods);
    }

    [Fact]
    public async Task VapidPublicKey_ThroughTheChannel_TheInstallationsKeyWithCors()
    {
        var shop = await ShopAsync();

        var response = await SendAsync(HttpMethod.Get, $"{shop.Path}/vapid-public-key", shop.Token("user-9"), Origin, body: null);
        var refused = await SendAsync(HttpMethod.Get, $"{shop.Path}/vapid-public-key", shop.Token("user-9"), "https://evil.example", body: null);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(Origin, response.Headers.GetValues("Access-Control-Allow-Origin").Single());
        var key = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("applicationServerKey").GetString();
        var expected = (await _app.CreateClient().GetFromJsonAsync<JsonElement>($"{Base}/webpush/vapid-public-key")).GetProperty("applicationServerKey").GetString();
        Assert.Equal(expected, key);
        await ProblemAssert.IsProblemAsync(refused, HttpStatusCode.Forbidden, "origin_not_allowed");
    }

    private static object Subscription(string endpoint, string? device = null) => new { endpoint, expirationTime = (long?)null, keys = new { p256dh = Key, auth = Auth }, device };

    private async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, string? token, string origin, object? body)
    {
        using var request = new HttpRequestMessage(method, path);
        request.Headers.Add("Origin", origin);
        if (token is not null)
        {
            request.Headers.Add("X-Fairdrop-User-Token", token);
        }

        if (body is not null)
        {
            request.Content = JsonContent.Create(body);
        }

        return await _app.CreateClient().SendAsync(request);
    }

    private static async Task<IReadOnlyList<string>> EndpointsAsync(Shop shop, string recipientId)
    {
        var list = await shop.Client.GetFromJsonAsync<JsonElement>($"{Base}/recipients/{recipientId}/webpush");
        return [.. list.GetProperty("items").EnumerateArray().Select(s => s.GetProperty("endpoint").GetString()!)];
    }

    /// <summary>A merchant with a channel for <see cref="Origin"/>, its shopper-signing secret, and recipients bound to user-7 and user-8.</summary>
    private async Task<Shop> ShopAsync(string name = "Shop")
    {
        var client = await MerchantAsync(_app, name);
        var rotated = await client.PostAsync("/api/v1/merchant/shopper-secret/rotate", null);
        Assert.Equal(HttpStatusCode.OK, rotated.StatusCode);
        var secret = (await rotated.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("secret").GetString()!;
        var channelId = await ChannelAsync(client);
        var recipients = new List<string>();
        foreach (var user in new[] { "user-7", "user-8" })
        {
            var created = await client.PostAsJsonAsync($"{Base}/recipients", Recipient(user, inAppUserId: user));
            Assert.True(created.IsSuccessStatusCode, await created.Content.ReadAsStringAsync());
            recipients.Add((await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!);
        }

        return new Shop(client, secret, channelId, recipients[0], recipients[1]);
    }

    private static async Task<string> ChannelAsync(HttpClient client)
    {
        var created = await client.PostAsJsonAsync($"{Base}/sdk/channels", new { name = "Storefront", allowedOrigins = new[] { Origin } });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        return (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
    }

    private sealed record Shop(HttpClient Client, string Secret, string ChannelId, string User7, string User8)
    {
        public string Path => $"/api/v1/sdk/channels/{ChannelId}/webpush";

        public string Token(string user) => ShopperTokens.Sign(Secret, user, TimeProvider.System.GetUtcNow().AddMinutes(30), Guid.Parse(ChannelId));
    }
}
