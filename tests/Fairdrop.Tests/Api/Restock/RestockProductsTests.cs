using System.Net;
using System.Net.Http.Json;
using static Fairdrop.Tests.Api.Exchange.ExchangeApi;

namespace Fairdrop.Tests.Api.Restock;

/// <summary>Issue 17, finding 6: a product's links end up in messages, so only absolute http(s) URLs are stored.</summary>
public sealed class RestockProductsTests : IAsyncLifetime
{
    private FairdropFactory _app = null!;

    public async Task InitializeAsync() => _app = await FairdropFactory.CreateAsync();

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Theory]
    [InlineData("url", "javascript:alert(document.cookie)")]
    [InlineData("url", "JavaScript:alert(1)")]
    [InlineData("url", "data:text/html,<script>alert(1)</script>")]
    [InlineData("url", "file:///etc/passwd")]
    [InlineData("url", "//evil.example/boot")]
    [InlineData("url", "/products/boot")]
    [InlineData("imageUrl", "javascript:alert(1)")]
    [InlineData("imageUrl", "file:///etc/passwd")]
    [InlineData("imageUrl", "//cdn.evil.example/boot.png")]
    [InlineData("imageUrl", "ftp://cdn.shop.example/boot.png")]
    public async Task Products_UrlNotAbsoluteHttp_Is400NamingTheFieldAndNothingStored(string field, string url)
    {
        var merchant = await MerchantAsync(_app);
        var product = new Dictionary<string, object> { ["externalId"] = "40001", ["title"] = "Trail boot", ["available"] = 0, [field] = url };

        var response = await merchant.PostAsJsonAsync("/api/v1/restock/products", new { products = new[] { product } });

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest, "validation_failed");
        Assert.Equal($"products[0].{field}", problem.GetProperty("field").GetString());
        Assert.Equal(0, (await merchant.GetFromJsonAsync<System.Text.Json.JsonElement>("/api/v1/restock/products")).GetProperty("items").GetArrayLength());
    }

    [Fact]
    public async Task Products_HttpAndHttpsUrls_Stored()
    {
        var merchant = await MerchantAsync(_app);

        var response = await merchant.PostAsJsonAsync("/api/v1/restock/products", new
        {
            products = new[] { new { externalId = "40001", title = "Trail boot", url = "https://shop.example/boot", imageUrl = "http://cdn.shop.example/boot.png", available = 0 } },
        });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }
}
