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
        var later = await DropAsync(app, key, now.AddHours(1), now.AddHours(2));
        var open = await DropAsync(app, key, now.AddHours(-1), now.AddHours(2));
        var closed = await DropAsync(app, key, now.AddHours(-2), now.AddHours(-1));
        var elsewhere = await DropAsync(app, await DropApi.MerchantKeyAsync(app, "Other"), now.AddHours(-1), now.AddHours(2));
        var moments = app.Services.GetRequiredService<IProfileMoments>();

        Assert.Equal(ProfileMoment.NotYet, await moments.ReadAsync(merchantId, "drop", later, now, default));
        Assert.Equal(ProfileMoment.Started, await moments.ReadAsync(merchantId, "drop", open, now, default));
        Assert.Equal(ProfileMoment.Ended, await moments.ReadAsync(merchantId, "drop", closed, now, default));
        Assert.Equal(ProfileMoment.Unknown, await moments.ReadAsync(merchantId, "drop", elsewhere, now, default));
        Assert.Equal(ProfileMoment.Unknown, await moments.ReadAsync(merchantId, "drop", "not-a-drop-id", now, default));
        Assert.Equal(ProfileMoment.Unknown, await moments.ReadAsync(merchantId, "restock", "no-such-product", now, default));
    }

    private static async Task<string> DropAsync(FairdropFactory app, string key, DateTimeOffset opensAt, DateTimeOffset closesAt)
    {
        var response = await app.CreateClient(key).PostAsJsonAsync("/api/v1/drops", new { name = "D", productId = "sku-1", units = 3, windowOpensAt = opensAt.AddMinutes(-5), opensAt, closesAt });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
    }
}
