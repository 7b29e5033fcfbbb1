using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Fairdrop.Tests.Api.Drops;

/// <summary>The storefront entry endpoint over HTTP: shopper tokens, unverified entries and the shopper-signing secret.</summary>
public sealed class DropEntryApiTests : IAsyncLifetime
{
    private FairdropFactory _app = null!;

    public async Task InitializeAsync() => _app = await FairdropFactory.CreateAsync();

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task PublicEntry_NoToken_Is401ShopperTokenRequired_ForgedToken_Is401InvalidToken()
    {
        var key = await DropApi.MerchantKeyAsync(_app, "Shop");
        var secret = await DropApi.ShopperSecretAsync(_app, key);
        var dropId = await DropApi.CreateDropAsync(_app, key, TimeSpan.FromHours(1));
        var client = _app.CreateClient();
        var token = DropApi.Token(secret, "alice");

        await ProblemAssert.IsProblemAsync(await client.PostAsJsonAsync($"/api/v1/public/drops/{dropId}/entries", new { shopperId = "alice" }), HttpStatusCode.Unauthorized, "shopper_token_required");
        await ProblemAssert.IsProblemAsync(await client.PostAsJsonAsync($"/api/v1/public/drops/{dropId}/entries", new { shopperToken = token[..^3] + "AAA" }), HttpStatusCode.Unauthorized, "invalid_token");
        await ProblemAssert.IsProblemAsync(await client.PostAsJsonAsync($"/api/v1/public/drops/{dropId}/entries", new { shopperId = "bob", shopperToken = token }), HttpStatusCode.Unauthorized, "invalid_token");
    }

    [Fact]
    public async Task PublicEntry_TokenInTheHeader_Enters()
    {
        var key = await DropApi.MerchantKeyAsync(_app, "Shop");
        var secret = await DropApi.ShopperSecretAsync(_app, key);
        var dropId = await DropApi.CreateDropAsync(_app, key, TimeSpan.FromHours(1));
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/public/drops/{dropId}/entries") { Content = JsonContent.Create(new { }) };
        request.Headers.Add("X-Shopper-Token", DropApi.Token(secret, "alice"));

        var response = await _app.CreateClient().SendAsync(request);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }

    [Fact]
    public async Task PublicEntry_Unverified_OverTheAddressLimit_Is429WithRetryAfter()
    {
        var key = await DropApi.MerchantKeyAsync(_app, "Shop");
        var dropId = await DropApi.CreateDropAsync(_app, key, TimeSpan.FromHours(1), allowUnverifiedEntries: true);
        var client = _app.CreateClient();

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 10; i++)
        {
            statuses.Add((await client.PostAsJsonAsync($"/api/v1/public/drops/{dropId}/entries", new { shopperId = $"anon-{i}" })).StatusCode);
        }

        var limited = await client.PostAsJsonAsync($"/api/v1/public/drops/{dropId}/entries", new { shopperId = "anon-10" });

        Assert.All(statuses, s => Assert.Equal(HttpStatusCode.Created, s)); // the default limit: 10 per address and minute
        await ProblemAssert.IsProblemAsync(limited, HttpStatusCode.TooManyRequests, "rate_limited");
        Assert.InRange(limited.Headers.RetryAfter!.Delta!.Value, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(60));
    }

    [Fact]
    public async Task ShopperSecret_ShownOnceOnRotation_GetShowsOnlyItsPrefix()
    {
        var key = await DropApi.MerchantKeyAsync(_app, "Shop");
        var client = _app.CreateClient(key);
        await ProblemAssert.IsProblemAsync(await client.GetAsync("/api/v1/merchant/shopper-secret"), HttpStatusCode.NotFound, "not_found");

        var secret = await DropApi.ShopperSecretAsync(_app, key);
        var info = await client.GetStringAsync("/api/v1/merchant/shopper-secret");
        var rotated = await (await client.PostAsJsonAsync("/api/v1/merchant/shopper-secret/rotate", new { graceSeconds = 600 })).Content.ReadFromJsonAsync<JsonElement>();

        Assert.DoesNotContain(secret, info, StringComparison.Ordinal);
        Assert.Equal(secret[..12], JsonDocument.Parse(info).RootElement.GetProperty("prefix").GetString());
        Assert.NotEqual(secret, rotated.GetProperty("secret").GetString());
        Assert.Equal(JsonValueKind.String, rotated.GetProperty("previousValidUntil").ValueKind);
        await ProblemAssert.IsProblemAsync(await _app.CreateClient().PostAsync("/api/v1/merchant/shopper-secret/rotate", null), HttpStatusCode.Unauthorized, "unauthorized");
    }
}
