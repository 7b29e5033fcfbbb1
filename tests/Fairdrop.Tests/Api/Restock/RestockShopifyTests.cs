using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Fairdrop.Restock.Inventory;

namespace Fairdrop.Tests.Api.Restock;

/// <summary>Shopify's webhooks as Shopify sends them: HMAC-signed raw JSON, sometimes twice, sometimes out of order, sometimes forged.</summary>
public sealed class RestockShopifyTests : IAsyncLifetime
{
    private const string Secret = "shpss_test_secret";
    private FairdropFactory _app = null!;

    public async Task InitializeAsync() => _app = await FairdropFactory.CreateAsync();

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task InventoryWebhook_Signed_Applies_DuplicateAndOlderAreNoOps_ForgedIs403()
    {
        var (merchant, id) = await ShopifyShopAsync();
        var url = $"/api/v1/public/restock/shopify/{id}/inventory-levels";

        var applied = await PostAsync(url, """{"inventory_item_id":40001,"available":7,"updated_at":"2099-05-04T12:05:00Z"}""", "w-1");
        var duplicate = await PostAsync(url, """{"inventory_item_id":40001,"available":50,"updated_at":"2099-05-04T12:06:00Z"}""", "w-1");
        var older = await PostAsync(url, """{"inventory_item_id":40001,"available":9,"updated_at":"2099-05-04T12:01:00Z"}""", "w-2");
        var negative = await PostAsync(url, """{"inventory_item_id":40001,"available":-3,"updated_at":"2099-05-04T12:07:00Z"}""", "w-3");
        var forged = await PostAsync(url, """{"inventory_item_id":40001,"available":999}""", "w-4", signature: ShopifySignature.Sign("{}"u8, Secret));
        var wrongSecret = await PostAsync(url, """{"inventory_item_id":40001,"available":999}""", "w-5", secret: "not-the-secret");

        Assert.Equal("applied", await OutcomeAsync(applied));
        Assert.Equal("duplicate", await OutcomeAsync(duplicate));
        Assert.Equal("stale", await OutcomeAsync(older));
        Assert.Equal("applied", await OutcomeAsync(negative)); // clamped to 0: sold out, never a negative stock
        await ProblemAssert.IsProblemAsync(forged, HttpStatusCode.Forbidden, "invalid_signature");
        await ProblemAssert.IsProblemAsync(wrongSecret, HttpStatusCode.Forbidden, "invalid_signature");
        var product = (await merchant.GetFromJsonAsync<JsonElement>("/api/v1/restock/products")).GetProperty("items")[0];
        Assert.Equal(0, product.GetProperty("available").GetInt64());
    }

    [Fact]
    public async Task OrderWebhook_RecordsCatalogLines_OnceByOrderId_ForgedIs403()
    {
        var (_, id) = await ShopifyShopAsync();
        var url = $"/api/v1/public/restock/shopify/{id}/orders";
        const string order = """
            {"id":820982911946154508,"email":"b@shop.test","created_at":"2026-05-04T12:10:00Z",
             "line_items":[{"variant_id":40001,"quantity":2,"price":"120.00"},{"variant_id":99999,"quantity":1,"price":"5.00"}]}
            """;

        var first = await PostAsync(url, order, "o-1");
        var redelivered = await PostAsync(url, order, "o-2");
        var forged = await PostAsync(url, order, "o-3", secret: "not-the-secret");
        var malformed = await PostAsync(url, "{not json", "o-4");

        Assert.Equal((1, 1), await RecordedAsync(first));        // the boot is in the catalog, the other line is not
        Assert.Equal((0, 2), await RecordedAsync(redelivered));  // the same order again records nothing
        await ProblemAssert.IsProblemAsync(forged, HttpStatusCode.Forbidden, "invalid_signature");
        await ProblemAssert.IsProblemAsync(malformed, HttpStatusCode.BadRequest, "malformed_json");
    }

    [Fact]
    public async Task OrderWebhook_LineBoughtUnderAHold_EndsThatHold_Once_AndNoOtherProductsHold()
    {
        var (merchant, id) = await ShopifyShopAsync();
        Assert.Equal(HttpStatusCode.OK, (await PostAsync($"/api/v1/public/restock/shopify/{id}/inventory-levels", """{"inventory_item_id":40001,"available":3}""", "i-1")).StatusCode);
        var hold = await merchant.PostAsJsonAsync("/api/v1/restock/products/40001/holds", new { units = 1, minutes = 15, holdKey = "reply-1", holder = "shopper-1" });
        var holdId = (await hold.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString();
        var url = $"/api/v1/public/restock/shopify/{id}/orders";
        string Order(long orderId, long variant) => $$"""
            {"id":{{orderId}},"email":"s1@shop.test","line_items":[{"variant_id":{{variant}},"quantity":1,"price":"120.00",
             "properties":[{"name":"size","value":"42"},{"name":"_fairdrop_hold","value":"{{holdId}}"},{"name":"gift","value":true}]}]}
            """;

        var otherProduct = await PostAsync(url, Order(1001, 99999), "o-1");
        var stillHeld = await merchant.GetFromJsonAsync<JsonElement>("/api/v1/restock/products/40001/availability");
        var sold = await PostAsync(url, Order(1002, 40001), "o-2");
        var redelivered = await PostAsync(url, Order(1002, 40001), "o-3");
        var after = await merchant.GetFromJsonAsync<JsonElement>("/api/v1/restock/products/40001/availability");

        Assert.Equal((0, 1), await RecordedAsync(otherProduct));
        Assert.Equal(1, stillHeld.GetProperty("held").GetInt32()); // a hold ends only for the product it holds
        Assert.Equal((1, 0), await RecordedAsync(sold));
        Assert.Equal((0, 1), await RecordedAsync(redelivered));
        Assert.Equal((3, 0, 3), (after.GetProperty("stock").GetInt32(), after.GetProperty("held").GetInt32(), after.GetProperty("available").GetInt32()));
    }

    private async Task<(HttpClient Merchant, Guid Id)> ShopifyShopAsync()
    {
        var (merchant, _) = await RestockStorefrontTests.ShopAsync(_app);
        Assert.Equal(HttpStatusCode.NoContent, (await merchant.PutAsJsonAsync("/api/v1/restock/settings/shopify", new { secret = Secret })).StatusCode);
        var id = (await merchant.GetFromJsonAsync<JsonElement>("/api/v1/merchant")).GetProperty("id").GetGuid();
        return (merchant, id);
    }

    private async Task<HttpResponseMessage> PostAsync(string url, string body, string webhookId, string? signature = null, string secret = Secret)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.Add("X-Shopify-Hmac-Sha256", signature ?? ShopifySignature.Sign(Encoding.UTF8.GetBytes(body), secret));
        request.Headers.Add("X-Shopify-Webhook-Id", webhookId);
        return await _app.CreateClient().SendAsync(request);
    }

    private static async Task<string?> OutcomeAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>())[0].GetProperty("outcome").GetString();
    }

    private static async Task<(int Recorded, int Skipped)> RecordedAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        return (body.GetProperty("recorded").GetInt32(), body.GetProperty("skipped").GetInt32());
    }
}
