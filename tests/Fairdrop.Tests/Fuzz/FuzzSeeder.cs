using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace Fairdrop.Tests.Fuzz;

/// <summary>Creates a merchant with one of everything through the API, so the fuzz reaches past "not found".</summary>
internal static class FuzzSeeder
{
    public static async Task<FuzzTenant> SeedAsync(HttpClient operatorClient, Func<string, HttpClient> clientFor, string label, int serial)
    {
        var tenant = new FuzzTenant(label, serial);
        var marker = tenant.Marker;
        var created = await ReadAsync(await operatorClient.PostAsJsonAsync("/api/v1/merchants", new { name = $"{marker} shop" }));
        tenant.MerchantId = created.GetProperty("merchant").GetProperty("id").GetGuid();
        tenant.SpareKeyId = created.GetProperty("apiKey").GetProperty("id").GetGuid();
        var first = clientFor(created.GetProperty("apiKey").GetProperty("key").GetString()!);
        var rotated = await ReadAsync(await first.PostAsJsonAsync("/api/v1/merchant/keys/rotate", new { graceSeconds = 7 * 24 * 3600 }));
        tenant.Key = rotated.GetProperty("key").GetString()!;
        var client = clientFor(tenant.Key);

        tenant.SenderId = (await ReadAsync(await client.PostAsJsonAsync("/api/v1/exchange/senders", FuzzExamples.Sender(marker)))).GetProperty("id").GetGuid();
        tenant.RecipientId = (await ReadAsync(await client.PostAsJsonAsync("/api/v1/exchange/recipients", FuzzExamples.Recipient(tenant.ExternalId, tenant.UserId, marker))))
            .GetProperty("id").GetGuid();
        tenant.DistributionId = (await ReadAsync(await client.PostAsJsonAsync("/api/v1/exchange/distributions", FuzzExamples.Distribution(tenant.SenderId, marker))))
            .GetProperty("id").GetGuid();
        await ReadAsync(await client.PostAsJsonAsync("/api/v1/restock/products", FuzzExamples.Products(tenant.ProductId, marker)));
        tenant.SubscriptionId = (await ReadAsync(await client.PostAsJsonAsync("/api/v1/restock/subscriptions", FuzzExamples.Subscription(tenant.ProductId, marker))))
            .GetProperty("id").GetGuid();
        tenant.DropId = (await ReadAsync(await client.PostAsJsonAsync("/api/v1/drops", FuzzExamples.Drop(tenant.ProductId, marker)))).GetProperty("id").GetGuid();
        tenant.PublishableKey = (await ReadAsync(await client.GetAsync("/api/v1/restock/settings"))).GetProperty("publishableKey").GetString()!;
        return tenant;
    }

    private static async Task<JsonElement> ReadAsync(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"seeding {response.RequestMessage?.Method} {response.RequestMessage?.RequestUri}: {(int)response.StatusCode} {body}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }
}
