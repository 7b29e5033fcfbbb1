using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using static Fairdrop.Tests.Api.Exchange.ExchangeApi;

namespace Fairdrop.Tests.Api.Restock;

/// <summary>Holds through the API: availability, placing (201, 200 on a retry, 409 past the stock), releasing, merchants apart.</summary>
public sealed class RestockHoldsTests : IAsyncLifetime
{
    private FairdropFactory _app = null!;

    public async Task InitializeAsync() => _app = await FairdropFactory.CreateAsync();

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task Holds_PlacedReplayedRefusedReleased_AvailabilityFollows()
    {
        var merchant = await MerchantWithProductAsync("Shop", available: 1);
        var body = new { units = 1, minutes = 15, holdKey = "reply-1", holder = "shopper-1" };

        var placed = await merchant.PostAsJsonAsync("/api/v1/restock/products/40001/holds", body);
        var replayed = await merchant.PostAsJsonAsync("/api/v1/restock/products/40001/holds", body);
        var refused = await merchant.PostAsJsonAsync("/api/v1/restock/products/40001/holds", body with { holdKey = "reply-2" });
        var held = await merchant.GetFromJsonAsync<JsonElement>("/api/v1/restock/products/40001/availability");

        Assert.Equal(HttpStatusCode.Created, placed.StatusCode);
        var hold = await placed.Content.ReadFromJsonAsync<JsonElement>();
        var id = hold.GetProperty("id").GetString();
        Assert.Equal($"/api/v1/restock/holds/{id}", placed.Headers.Location?.OriginalString);
        Assert.Equal(("40001", 1, "shopper-1"), (hold.GetProperty("productId").GetString(), hold.GetProperty("units").GetInt32(), hold.GetProperty("holder").GetString()));
        Assert.Equal(HttpStatusCode.OK, replayed.StatusCode);
        Assert.Equal(id, (await replayed.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString());
        await ProblemAssert.IsProblemAsync(refused, HttpStatusCode.Conflict, "hold_exceeds_stock");
        Assert.Equal((1, 1, 0), (held.GetProperty("stock").GetInt32(), held.GetProperty("held").GetInt32(), held.GetProperty("available").GetInt32()));
        Assert.Equal(id, Assert.Single(held.GetProperty("holds").EnumerateArray()).GetProperty("id").GetString());

        var released = await merchant.DeleteAsync($"/api/v1/restock/holds/{id}");
        var free = await merchant.GetFromJsonAsync<JsonElement>("/api/v1/restock/products/40001/availability");

        Assert.Equal(HttpStatusCode.NoContent, released.StatusCode);
        Assert.Equal((0, 1), (free.GetProperty("held").GetInt32(), free.GetProperty("available").GetInt32()));
        Assert.Empty(free.GetProperty("holds").EnumerateArray());
    }

    [Fact]
    public async Task Holds_OfAnotherMerchant_NeitherSeenNorReleased()
    {
        var owner = await MerchantWithProductAsync("Shop", available: 2);
        var other = await MerchantWithProductAsync("Other shop", available: 5);
        var placed = await owner.PostAsJsonAsync("/api/v1/restock/products/40001/holds", new { units = 2, minutes = 15, holdKey = "reply-1", holder = "shopper-1" });
        var id = (await placed.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString();

        var release = await other.DeleteAsync($"/api/v1/restock/holds/{id}");
        var seen = await other.GetFromJsonAsync<JsonElement>("/api/v1/restock/products/40001/availability");
        var own = await owner.GetFromJsonAsync<JsonElement>("/api/v1/restock/products/40001/availability");

        Assert.Equal(HttpStatusCode.Created, placed.StatusCode);
        await ProblemAssert.IsProblemAsync(release, HttpStatusCode.NotFound, "not_found");
        Assert.Equal((5, 0, 5), (seen.GetProperty("stock").GetInt32(), seen.GetProperty("held").GetInt32(), seen.GetProperty("available").GetInt32()));
        Assert.Empty(seen.GetProperty("holds").EnumerateArray());
        Assert.Equal((2, 0), (own.GetProperty("held").GetInt32(), own.GetProperty("available").GetInt32()));
    }

    [Fact]
    public async Task Holds_BadUnitsOrUnknownProduct_ProblemDetails_NothingHeld()
    {
        var merchant = await MerchantWithProductAsync("Shop", available: 3);

        var zero = await merchant.PostAsJsonAsync("/api/v1/restock/products/40001/holds", new { units = 0, minutes = 15, holdKey = "k", holder = "s" });
        var tooLong = await merchant.PostAsJsonAsync("/api/v1/restock/products/40001/holds", new { units = 1, minutes = 24 * 60 + 1, holdKey = "k", holder = "s" });
        var unknown = await merchant.PostAsJsonAsync("/api/v1/restock/products/nope/holds", new { units = 1, minutes = 15, holdKey = "k", holder = "s" });
        var unknownAvailability = await merchant.GetAsync("/api/v1/restock/products/nope/availability");

        Assert.Equal("units", (await ProblemAssert.IsProblemAsync(zero, HttpStatusCode.BadRequest, "validation_failed")).GetProperty("field").GetString());
        Assert.Equal("duration", (await ProblemAssert.IsProblemAsync(tooLong, HttpStatusCode.BadRequest, "validation_failed")).GetProperty("field").GetString());
        await ProblemAssert.IsProblemAsync(unknown, HttpStatusCode.NotFound, "restock_unknown_product");
        await ProblemAssert.IsProblemAsync(unknownAvailability, HttpStatusCode.NotFound, "restock_unknown_product");
        Assert.Equal(3, (await merchant.GetFromJsonAsync<JsonElement>("/api/v1/restock/products/40001/availability")).GetProperty("available").GetInt32());
    }

    private async Task<HttpClient> MerchantWithProductAsync(string name, int available)
    {
        var merchant = await MerchantAsync(_app, name);
        var response = await merchant.PostAsJsonAsync("/api/v1/restock/products", new { products = new[] { new { externalId = "40001", title = "Trail boot", available } } });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return merchant;
    }
}
