using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Fairdrop.Restock;
using static Fairdrop.Tests.Api.Exchange.ExchangeApi;

namespace Fairdrop.Tests.Api.Restock;

/// <summary>The storefront endpoint as a browser and a script meet it: per-merchant CORS allow-list, its own rate limit, bad input.</summary>
public sealed class RestockStorefrontTests : IAsyncLifetime
{
    private const string Subscribe = "/api/v1/public/restock/subscriptions";
    private FairdropFactory _app = null!;

    public async Task InitializeAsync() => _app = await FairdropFactory.CreateAsync();

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task Subscribe_FromAnOriginOffTheList_Is403WithoutCorsHeader_OnTheListGetsIt()
    {
        var (merchant, key) = await ShopAsync(_app);
        var set = await merchant.PutAsJsonAsync("/api/v1/restock/settings/origins", new { origins = new[] { "https://Shop.Example/" } });

        var foreign = await SubscribeAsync(_app.CreateClient(), key, "a@shop.test", "https://evil.example");
        var allowed = await SubscribeAsync(_app.CreateClient(), key, "b@shop.test", "https://shop.example");
        var server = await SubscribeAsync(_app.CreateClient(), key, "c@shop.test", origin: null);

        Assert.Equal(["https://shop.example"], (await set.Content.ReadFromJsonAsync<string[]>())!);
        await ProblemAssert.IsProblemAsync(foreign, HttpStatusCode.Forbidden, "restock_origin_not_allowed");
        Assert.False(foreign.Headers.Contains("Access-Control-Allow-Origin"));
        Assert.Equal(HttpStatusCode.Created, allowed.StatusCode);
        Assert.Equal("https://shop.example", allowed.Headers.GetValues("Access-Control-Allow-Origin").Single());
        Assert.Equal(HttpStatusCode.Created, server.StatusCode);
        Assert.Equal(2, (await merchant.GetFromJsonAsync<JsonElement>("/api/v1/restock/subscriptions")).GetProperty("items").GetArrayLength());
    }

    [Fact]
    public async Task Preflight_DescribesTheCall_AndBadOriginListsAreRefused()
    {
        var (merchant, _) = await ShopAsync(_app);
        using var preflight = new HttpRequestMessage(HttpMethod.Options, Subscribe);
        preflight.Headers.Add("Origin", "https://shop.example");
        preflight.Headers.Add("Access-Control-Request-Method", "POST");

        var answer = await _app.CreateClient().SendAsync(preflight);
        var bad = await merchant.PutAsJsonAsync("/api/v1/restock/settings/origins", new { origins = new[] { "https://shop.example/path" } });

        Assert.Equal(HttpStatusCode.NoContent, answer.StatusCode);
        Assert.Contains("POST", answer.Headers.GetValues("Access-Control-Allow-Methods").Single(), StringComparison.Ordinal);
        Assert.Contains("content-type", answer.Headers.GetValues("Access-Control-Allow-Headers").Single(), StringComparison.Ordinal);
        await IsBadRequestNamingAsync(bad, "origins");
    }

    [Fact]
    public async Task Subscribe_OverItsOwnLimit_Is429WithRetryAfter_OtherShopsUnaffected()
    {
        var limit = new RestockOptions().PublicSubscribeLimit;
        var (_, key) = await ShopAsync(_app, "Limited");
        var (_, other) = await ShopAsync(_app, "Other");
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i <= limit; i++)
        {
            statuses.Add((await SubscribeAsync(_app.CreateClient(), key, $"s{i}@shop.test", origin: null)).StatusCode);
        }

        var limited = await SubscribeAsync(_app.CreateClient(), key, "late@shop.test", origin: null);
        var otherShop = await SubscribeAsync(_app.CreateClient(), other, "x@shop.test", origin: null);

        Assert.Equal(Enumerable.Repeat(HttpStatusCode.Created, limit).Append(HttpStatusCode.TooManyRequests), statuses);
        await ProblemAssert.IsProblemAsync(limited, HttpStatusCode.TooManyRequests, "rate_limited");
        Assert.True(int.Parse(limited.Headers.GetValues("Retry-After").Single(), System.Globalization.CultureInfo.InvariantCulture) >= 1);
        Assert.Equal(HttpStatusCode.Created, otherShop.StatusCode);
    }

    [Fact]
    public async Task Subscribe_BadInput_ClearErrorsAndNothingStored()
    {
        var (merchant, key) = await ShopAsync(_app);
        var storefront = _app.CreateClient();

        var unknown = await storefront.PostAsJsonAsync(Subscribe, Body(key, "a@shop.test", product: "nope"));
        var malformed = await storefront.PostAsJsonAsync(Subscribe, Body(key, "not-an-email"));
        var noConsent = await storefront.PostAsJsonAsync(Subscribe, Body(key, "a@shop.test", consent: " "));
        var badKey = await storefront.PostAsJsonAsync(Subscribe, Body("pk_unknown", "a@shop.test"));
        var first = await storefront.PostAsJsonAsync(Subscribe, Body(key, "A@Shop.test"));
        var again = await storefront.PostAsJsonAsync(Subscribe, Body(key, "a@shop.test"));

        await ProblemAssert.IsProblemAsync(unknown, HttpStatusCode.BadRequest, "restock_unknown_product");
        Assert.Equal("contact", (await ProblemAssert.IsProblemAsync(malformed, HttpStatusCode.BadRequest, "validation_failed")).GetProperty("field").GetString());
        Assert.Equal("consentText", (await ProblemAssert.IsProblemAsync(noConsent, HttpStatusCode.BadRequest, "validation_failed")).GetProperty("field").GetString());
        await ProblemAssert.IsProblemAsync(badKey, HttpStatusCode.Unauthorized, "unauthorized");
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode); // the same shopper again: the one subscription, not a second
        Assert.Equal(1, (await merchant.GetFromJsonAsync<JsonElement>("/api/v1/restock/subscriptions")).GetProperty("items").GetArrayLength());
    }

    internal static async Task<(HttpClient Merchant, string Key)> ShopAsync(FairdropFactory app, string name = "Shop")
    {
        var merchant = await MerchantAsync(app, name);
        var products = await merchant.PostAsJsonAsync("/api/v1/restock/products", new
        {
            products = new[] { new { externalId = "40001", sku = "BOOT-1", title = "Trail boot", url = "https://shop.example/boot", available = 0 } },
        });
        Assert.Equal(HttpStatusCode.OK, products.StatusCode);
        var key = (await merchant.GetFromJsonAsync<JsonElement>("/api/v1/restock/settings")).GetProperty("publishableKey").GetString()!;
        return (merchant, key);
    }

    private static object Body(string key, string contact, string product = "40001", string consent = "Email me when it is back.") =>
        new { publishableKey = key, productId = product, channel = "email", contact, consentText = consent };

    private static async Task<HttpResponseMessage> SubscribeAsync(HttpClient client, string key, string contact, string? origin)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, Subscribe) { Content = JsonContent.Create(Body(key, contact)) };
        if (origin is not null)
        {
            request.Headers.Add("Origin", origin);
        }

        return await client.SendAsync(request);
    }
}
