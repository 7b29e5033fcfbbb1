using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Fairdrop.Core.Shoppers;

namespace Fairdrop.Tests.Api.Drops;

/// <summary>What drop API tests set up through the API itself: a merchant, its shopper-signing secret, a drop, tokens.</summary>
internal static class DropApi
{
    public static async Task<string> MerchantKeyAsync(FairdropFactory app, string name)
    {
        var response = await app.CreateOperatorClient().PostAsJsonAsync("/api/v1/merchants", new { name });
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("apiKey").GetProperty("key").GetString()!;
    }

    public static async Task<string> ShopperSecretAsync(FairdropFactory app, string key)
    {
        var response = await app.CreateClient(key).PostAsync("/api/v1/merchant/shopper-secret/rotate", null);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("secret").GetString()!;
    }

    /// <summary>A shopper token as the merchant's backend signs one (the app runs on the system clock).</summary>
    public static string Token(string secret, string shopperId) => ShopperTokens.Sign(secret, shopperId, TimeProvider.System.GetUtcNow().AddMinutes(30));

    public static async Task<string> CreateDropAsync(FairdropFactory app, string key, TimeSpan opensIn, bool allowUnverifiedEntries = false)
    {
        var now = TimeProvider.System.GetUtcNow();
        var response = await app.CreateClient(key).PostAsJsonAsync("/api/v1/drops", new
        {
            name = "Drop",
            productId = "sku-1",
            units = 5,
            windowOpensAt = now.AddSeconds(-5),
            opensAt = now + opensIn,
            admitIntervalMs = 0,
            allowUnverifiedEntries,
        });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
    }
}
