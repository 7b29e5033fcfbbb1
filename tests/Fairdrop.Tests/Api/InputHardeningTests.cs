using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using static Fairdrop.Tests.Api.Exchange.ExchangeApi;

namespace Fairdrop.Tests.Api;

/// <summary>Odd input (issue 17, finding 6) is a 4xx problem naming what is wrong: never a 500, never stored as sent.</summary>
public sealed class InputHardeningTests : IAsyncLifetime
{
    private FairdropFactory _app = null!;

    public async Task InitializeAsync() => _app = await FairdropFactory.CreateAsync();

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task DuplicateKey_Is400MalformedJsonNamingTheField()
    {
        var response = await _app.CreateOperatorClient().PostAsync("/api/v1/merchants", Json("""{"name": "Shop", "name": "Other"}"""));

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest, "malformed_json");
        Assert.Contains("name", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task DuplicateKeyInsideAttributes_Is400MalformedJson()
    {
        var client = await MerchantAsync(_app);

        var response = await client.PostAsync($"{Base}/recipients", Json("""{"externalId": "c1", "attributes": {"tier": "gold", "tier": "vip"}}"""));

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest, "malformed_json");
    }

    [Theory]
    [InlineData("\"NaN\"")]
    [InlineData("\"Infinity\"")]
    [InlineData("\"-Infinity\"")]
    [InlineData("1e309")]
    public async Task NonFiniteNumber_Is400MalformedJsonNamingTheField(string number)
    {
        var client = await MerchantAsync(_app);

        var products = await client.PostAsync("/api/v1/restock/products", Json($$"""{"products": [{"externalId": "p1", "title": "Shoe", "alertsPerUnit": {{number}}}]}"""));
        var purchase = await client.PostAsync("/api/v1/restock/purchases", Json($$"""{"orderId": "o1", "productId": "p1", "quantity": 1, "revenue": {{number}}}"""));

        Assert.Equal("products[0].alertsPerUnit", (await ProblemAssert.IsProblemAsync(products, HttpStatusCode.BadRequest, "malformed_json")).GetProperty("field").GetString());
        Assert.Equal("revenue", (await ProblemAssert.IsProblemAsync(purchase, HttpStatusCode.BadRequest, "malformed_json")).GetProperty("field").GetString());
    }

    [Fact]
    public async Task NumberAsString_StillAccepted()
    {
        var client = await MerchantAsync(_app);

        var response = await client.PostAsync("/api/v1/restock/products", Json("""{"products": [{"externalId": "p1", "title": "Shoe", "alertsPerUnit": "2.5"}]}"""));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Theory]
    [InlineData("""{"tier": "\ud800"}""")]
    [InlineData("""{"\udc00": "gold"}""")]
    [InlineData("""{"nested": [{"tier": "a\u0000b"}]}""")]
    public async Task BrokenUnicodeOrNulInAttributes_Is400AndNotStored(string attributes)
    {
        var client = await MerchantAsync(_app);

        var response = await client.PostAsync($"{Base}/recipients", Json($$"""{"externalId": "c1", "attributes": {{attributes}}}"""));

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest, "malformed_json");
        Assert.Equal(0, (await client.GetFromJsonAsync<JsonElement>($"{Base}/recipients")).GetProperty("items").GetArrayLength());
    }

    [Fact]
    public async Task NulInFreeText_Is400MalformedJsonNamingTheField()
    {
        var client = await MerchantAsync(_app);

        var response = await client.PostAsync($"{Base}/senders", Json("""{"name": "News", "fromAddress": "news@shop.test", "brand": "Mid\u0000night"}"""));

        Assert.Equal("brand", (await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest, "malformed_json")).GetProperty("field").GetString());
    }

    [Theory]
    [InlineData("/api/v1/merchants", """{"name": "Sh\u0007op"}""", "name")]
    [InlineData("/api/v1/exchange/recipients", """{"externalId": "c\n1"}""", "externalId")]
    [InlineData("/api/v1/exchange/senders", """{"name": "News\u007f", "fromAddress": "news@shop.test"}""", "name")]
    [InlineData("/api/v1/restock/products", """{"products": [{"externalId": "p\t1", "title": "Shoe"}]}""", "products[0].id")]
    [InlineData("/api/v1/inventory", """{"events": [{"eventId": "e\u00851", "productId": "p1", "available": 1}]}""", "events[0].eventId")]
    public async Task ControlCharacterInNameOrId_Is400ValidationNamingTheField(string path, string body, string field)
    {
        var merchant = await MerchantAsync(_app);
        var client = path == "/api/v1/merchants" ? _app.CreateOperatorClient() : merchant;

        var response = await client.PostAsync(path, Json(body));

        await IsBadRequestNamingAsync(response, field);
    }

    [Fact]
    public async Task NegativeRecipientCap_Is400ValidationNamingTheField()
    {
        var client = await MerchantAsync(_app);

        var response = await client.PostAsync($"{Base}/recipients", Json("""{"externalId": "c1", "rules": {"caps": {"perWeek": -1}}}"""));

        await IsBadRequestNamingAsync(response, "rules.caps");
    }

    [Fact]
    public async Task EngagementHistory_NoRows_IsAnEmptyList()
    {
        var client = await MerchantAsync(_app);

        var response = await client.GetAsync($"{Base}/engagement/history");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(0, (await response.Content.ReadFromJsonAsync<JsonElement>()).GetArrayLength());
    }

    [Fact]
    public async Task WebPushList_AnotherMerchantsRecipient_Is404()
    {
        var owner = await MerchantAsync(_app, "Owner");
        var stranger = await MerchantAsync(_app, "Stranger");
        var created = await owner.PostAsJsonAsync($"{Base}/recipients", Recipient("c1", "c1@shop.test"));
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString();

        var own = await owner.GetAsync($"{Base}/recipients/{id}/webpush");
        var foreign = await stranger.GetAsync($"{Base}/recipients/{id}/webpush");

        Assert.Equal(HttpStatusCode.OK, own.StatusCode);
        await ProblemAssert.IsProblemAsync(foreign, HttpStatusCode.NotFound, "not_found");
    }

    [Theory]
    [InlineData("application/json; charset=foo-bar")]
    [InlineData("application/json; charset=\"\"")]
    public async Task UnknownCharset_Is415(string contentType)
    {
        var content = new ByteArrayContent("""{"name": "Shop"}"""u8.ToArray());
        content.Headers.TryAddWithoutValidation("Content-Type", contentType);

        var response = await _app.CreateOperatorClient().PostAsync("/api/v1/merchants", content);

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.UnsupportedMediaType, "unsupported_media_type");
    }

    private static StringContent Json(string text) => new(text, Encoding.UTF8, "application/json");
}
