using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Fairdrop.Testing.Profiles;
using Fairdrop.Tests.Api.Drops;
using SkiaSharp;

namespace Fairdrop.Tests.Api.Profiles;

/// <summary>
/// The whole loop through the real app and the real drops module: a drop opens → the Mastodon fake shows the
/// generated avatar → the drop sells out → the shop's own avatar is back. The worker runs as in production (every
/// 100 ms here); the test waits for states with a generous bound, it asserts no time.
/// </summary>
public sealed class ProfileDropLoopTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task DropOpensThenSellsOut_MastodonAvatarFollowsAndComesBack()
    {
        var settings = new Dictionary<string, string?>(FairdropFactory.AllowLoopback) { ["Fairdrop:Profiles:PollInterval"] = "00:00:00.100" };
        await using var app = await FairdropFactory.CreateAsync(settings: settings);
        var (imageUrl, images) = await ProfileApiTests.ImageHostAsync();
        await using var imageHost = images;
        using var blue = new SKBitmap(new SKImageInfo(100, 100, SKColorType.Rgba8888, SKAlphaType.Premul));
        blue.Erase(SKColors.RoyalBlue);
        var original = blue.Encode(SKEncodedImageFormat.Png, 100).ToArray();
        await using var mastodon = await FakeMastodon.StartAsync(TimeProvider.System, original);
        var key = await DropApi.MerchantKeyAsync(app, "Shop");
        var secret = await DropApi.ShopperSecretAsync(app, key);
        var merchant = app.CreateClient(key);
        var dropId = await CreateOneUnitDropAsync(merchant);

        var profile = await merchant.PostAsJsonAsync("/api/v1/profiles", new { network = "mastodon", baseUrl = mastodon.BaseUrl, handle = "@shop", credential = mastodon.Token });
        var profileId = (await profile.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("profile").GetProperty("id").GetString();
        var started = await merchant.PostAsJsonAsync($"/api/v1/profiles/{profileId}/rotations", new { rule = "drop", subject = dropId, imageUrl = imageUrl + "/product.jpg", badgeText = "DROP · NOW" });
        Assert.Equal(HttpStatusCode.Created, started.StatusCode);
        var rotationId = (await started.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString();

        var active = await StateAsync(merchant, rotationId, "active");
        var history = await merchant.GetFromJsonAsync<JsonElement>($"/api/v1/profiles/rotations/{rotationId}/history");
        var assigned = await merchant.GetByteArrayAsync($"/api/v1/profiles/rotations/{rotationId}/history/{history[0].GetProperty("id").GetString()}/image");
        Assert.Equal(assigned, mastodon.Avatar);
        Assert.NotEqual(original, mastodon.Avatar);
        Assert.Null(active.GetProperty("reason").GetString());

        await BuyTheOnlyUnitAsync(app, dropId, secret);

        await StateAsync(merchant, rotationId, "restored");
        Assert.Equal(original, mastodon.Avatar);
    }

    private static async Task<string> CreateOneUnitDropAsync(HttpClient merchant)
    {
        var now = TimeProvider.System.GetUtcNow();
        var response = await merchant.PostAsJsonAsync("/api/v1/drops", new { name = "Runner", productId = "sku-1", units = 1, windowOpensAt = now.AddSeconds(-5), opensAt = now.AddSeconds(2), admitIntervalMs = 0 });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
    }

    private static async Task BuyTheOnlyUnitAsync(FairdropFactory app, string dropId, string secret)
    {
        var client = app.CreateClient();
        var entry = await (await client.PostAsJsonAsync($"/api/v1/public/drops/{dropId}/entries", new { shopperToken = DropApi.Token(secret, "alice") })).Content.ReadFromJsonAsync<JsonElement>();
        var status = $"/api/v1/public/drops/{dropId}/entries/{entry.GetProperty("entryId").GetString()}?key={entry.GetProperty("entryKey").GetString()}&wait=30";
        var token = (await client.GetFromJsonAsync<JsonElement>(status)).GetProperty("saleToken").GetString();
        var purchase = await client.PostAsJsonAsync($"/api/v1/public/drops/{dropId}/purchases", new { token, shopperId = "alice", quantity = 1 });
        Assert.Equal(HttpStatusCode.Created, purchase.StatusCode);
    }

    /// <summary>The rotation once it reaches <paramref name="state"/>; fails with the last state and reason after <see cref="Patience"/>.</summary>
    private static async Task<JsonElement> StateAsync(HttpClient merchant, string? rotationId, string state)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var rotation = await merchant.GetFromJsonAsync<JsonElement>($"/api/v1/profiles/rotations/{rotationId}");
            if (rotation.GetProperty("state").GetString() == state)
            {
                return rotation;
            }

            Assert.True(clock.Elapsed < Patience, $"still {rotation.GetProperty("state")} ({rotation.GetProperty("reason")}), waiting for {state}");
            await Task.Delay(100);
        }
    }
}
