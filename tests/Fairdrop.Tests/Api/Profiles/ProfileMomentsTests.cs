using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Fairdrop.Profiles;
using Fairdrop.Profiles.Model;
using Fairdrop.Tests.Api.Drops;
using Microsoft.Extensions.DependencyInjection;

namespace Fairdrop.Tests.Api.Profiles;

/// <summary>The host's reader of drop state for the profiles module, over real drops made through the API.</summary>
public sealed class ProfileMomentsTests
{
    [Fact]
    public async Task ReadAsync_Drops_NotYetStartedEndedAndOtherMerchantsUnknown()
    {
        await using var app = await FairdropFactory.CreateAsync();
        var key = await DropApi.MerchantKeyAsync(app, "Shop");
        var merchantId = (await app.CreateClient(key).GetFromJsonAsync<JsonElement>("/api/v1/merchant")).GetProperty("id").GetGuid();
        var now = TimeProvider.System.GetUtcNow();
        // Drops open in the future only; these open within a second, and one closes a second later.
        var later = await DropAsync(app, key, now.AddHours(1), now.AddHours(2));
        var open = await DropAsync(app, key, now.AddSeconds(1), now.AddHours(2));
        var closed = await DropAsync(app, key, now.AddSeconds(1), now.AddSeconds(2));
        var elsewhere = await DropAsync(app, await DropApi.MerchantKeyAsync(app, "Other"), now.AddSeconds(1), now.AddHours(2));
        var moments = app.Services.GetRequiredService<IProfileMoments>();

        Assert.Equal(ProfileMoment.NotYet, await moments.ReadAsync(merchantId, "drop", later, now, default));
        await UntilAsync(moments, merchantId, open, ProfileMoment.Started);
        await UntilAsync(moments, merchantId, closed, ProfileMoment.Ended);
        Assert.Equal(ProfileMoment.NotYet, await moments.ReadAsync(merchantId, "drop", later, now, default));
        Assert.Equal(ProfileMoment.Unknown, await moments.ReadAsync(merchantId, "drop", elsewhere, now, default));
        Assert.Equal(ProfileMoment.Unknown, await moments.ReadAsync(merchantId, "drop", "not-a-drop-id", now, default));
        Assert.Equal(ProfileMoment.Unknown, await moments.ReadAsync(merchantId, "restock", "no-such-product", now, default));
        var product = await app.CreateClient(key).PostAsJsonAsync("/api/v1/restock/products", new { products = new[] { new { externalId = "sku-9", title = "Runner", available = 0 } } });
        Assert.Equal(HttpStatusCode.OK, product.StatusCode);
        Assert.Equal(ProfileMoment.NotYet, await moments.ReadAsync(merchantId, "restock", "sku-9", now, default));
    }

    [Fact]
    public async Task ReadAsync_Restock_StartedOnceARoundOpensAfterTheRotationWasMade()
    {
        await using var app = await FairdropFactory.CreateAsync();
        var key = await DropApi.MerchantKeyAsync(app, "Shop");
        var merchant = app.CreateClient(key);
        var merchantId = (await merchant.GetFromJsonAsync<JsonElement>("/api/v1/merchant")).GetProperty("id").GetGuid();
        await merchant.PostAsJsonAsync("/api/v1/restock/products", new { products = new[] { new { externalId = "sku-9", title = "Runner", available = 0 } } });
        var subscribed = await merchant.PostAsJsonAsync("/api/v1/restock/subscriptions", new { productId = "sku-9", channel = "email", contact = "a@shop.test", consentText = "Tell me" });
        Assert.True(subscribed.IsSuccessStatusCode, await subscribed.Content.ReadAsStringAsync());
        var since = TimeProvider.System.GetUtcNow().AddSeconds(-1);
        var moments = app.Services.GetRequiredService<IProfileMoments>();
        Assert.Equal(ProfileMoment.NotYet, await moments.ReadAsync(merchantId, "restock", "sku-9", since, default));

        var inventory = await merchant.PostAsJsonAsync("/api/v1/inventory", new { events = new[] { new { eventId = "e1", productId = "sku-9", available = 5 } } });
        Assert.True(inventory.IsSuccessStatusCode, await inventory.Content.ReadAsStringAsync());
        await app.Services.GetRequiredService<Fairdrop.Restock.Rounds.RoundRunner>().AdvanceAsync(default);

        Assert.Equal(ProfileMoment.Started, await moments.ReadAsync(merchantId, "restock", "sku-9", since, default));
        Assert.Equal(ProfileMoment.NotYet, await moments.ReadAsync(merchantId, "restock", "sku-9", since.AddHours(1), default)); // a rotation made after that round waits for the next
    }

    /// <summary>Reads until the drop reaches <paramref name="expected"/> (its time comes by the clock); fails after a minute.</summary>
    private static async Task UntilAsync(IProfileMoments moments, Guid merchantId, string dropId, ProfileMoment expected)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        ProfileMoment read;
        while ((read = await moments.ReadAsync(merchantId, "drop", dropId, TimeProvider.System.GetUtcNow(), default)) != expected)
        {
            Assert.True(clock.Elapsed < TimeSpan.FromMinutes(1), $"drop {dropId} still {read}, waiting for {expected}");
            await Task.Delay(100);
        }
    }

    private static async Task<string> DropAsync(FairdropFactory app, string key, DateTimeOffset opensAt, DateTimeOffset closesAt)
    {
        var response = await app.CreateClient(key).PostAsJsonAsync("/api/v1/drops", new { name = "D", productId = "sku-1", units = 3, windowOpensAt = opensAt.AddMinutes(-5), opensAt, closesAt });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
    }
}
