using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Fairdrop.Testing;
using Fairdrop.Tests.Api.Exchange;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using SkiaSharp;

namespace Fairdrop.Tests.Api.Profiles;

/// <summary>The profiles API through the real app: preview as PNG, refusals as problems with stable codes, credentials never shown.</summary>
public sealed class ProfileApiTests
{
    [Fact]
    public async Task Preview_AllowedImageHost_ReturnsThePngAvatar()
    {
        var host = await ImageHostAsync();
        await using var hostApp = host.App;
        await using var app = await FairdropFactory.CreateAsync(settings: FairdropFactory.AllowLoopback);
        var merchant = await ExchangeApi.MerchantAsync(app);

        var response = await merchant.PostAsJsonAsync("/api/v1/profiles/preview", new { imageUrl = host.Url + "/product.jpg", badgeText = "BACK IN STOCK", network = "bluesky" });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("image/png", response.Content.Headers.ContentType?.MediaType);
        using var avatar = SKBitmap.Decode(await response.Content.ReadAsByteArrayAsync());
        Assert.Equal((400, 400), (avatar.Width, avatar.Height));
        Assert.Equal(0, avatar.GetPixel(0, 0).Alpha); // bluesky's round shape
    }

    [Theory]
    [InlineData("http://127.0.0.1:9/x.png", "forbidden_destination")]
    [InlineData("http://169.254.169.254/latest/meta-data/", "forbidden_destination")]
    [InlineData("file:///etc/passwd", "validation_failed")]
    public async Task Preview_ForbiddenImageUrl_IsAProblem(string imageUrl, string code)
    {
        await using var app = await FairdropFactory.CreateAsync();
        var merchant = await ExchangeApi.MerchantAsync(app);

        var response = await merchant.PostAsJsonAsync("/api/v1/profiles/preview", new { imageUrl });

        await ProblemAssert.IsProblemAsync(response, code == "validation_failed" ? HttpStatusCode.BadRequest : HttpStatusCode.UnprocessableEntity, code);
    }

    [Fact]
    public async Task Template_LowContrastColours_AreRefused_GoodOnesKept()
    {
        await using var app = await FairdropFactory.CreateAsync();
        var merchant = await ExchangeApi.MerchantAsync(app);

        var grey = await merchant.PutAsJsonAsync("/api/v1/profiles/template", new { badgeText = "DROP", badgeBackground = "#777777", badgeForeground = "#888888" });
        await ProblemAssert.IsProblemAsync(grey, HttpStatusCode.UnprocessableEntity, "badge_contrast_too_low");

        var good = await merchant.PutAsJsonAsync("/api/v1/profiles/template", new { badgeText = "DROP · FRI 9 PM", badgePosition = "Top", mask = "circle", badgeBackground = "#111111", badgeForeground = "#ffffff" });
        Assert.Equal(HttpStatusCode.OK, good.StatusCode);
        var saved = await merchant.GetFromJsonAsync<JsonElement>("/api/v1/profiles/template");
        Assert.Equal(("top", "#FFFFFF"), (saved.GetProperty("badgePosition").GetString(), saved.GetProperty("badgeForeground").GetString()));
    }

    [Fact]
    public async Task CreateProfile_CredentialIsNeverShown_OtherMerchantsCannotSeeIt()
    {
        await using var app = await FairdropFactory.CreateAsync();
        var alice = await ExchangeApi.MerchantAsync(app, "Alice");
        var bob = await ExchangeApi.MerchantAsync(app, "Bob");

        var created = await alice.PostAsJsonAsync("/api/v1/profiles", new { network = "mastodon", baseUrl = "https://mastodon.example", handle = "@shop", credential = "secret-token-123" });
        var body = await created.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.DoesNotContain("secret-token-123", body, StringComparison.Ordinal);
        var id = JsonDocument.Parse(body).RootElement.GetProperty("profile").GetProperty("id").GetString();

        Assert.DoesNotContain("secret-token-123", await alice.GetStringAsync($"/api/v1/profiles/{id}"), StringComparison.Ordinal);
        await ProblemAssert.IsProblemAsync(await bob.GetAsync($"/api/v1/profiles/{id}"), HttpStatusCode.NotFound, "profile_not_found");
        var rotation = await bob.PostAsJsonAsync($"/api/v1/profiles/{id}/rotations", new { rule = "manual", imageUrl = "https://shop.example/p.jpg" });
        await ProblemAssert.IsProblemAsync(rotation, HttpStatusCode.NotFound, "profile_not_found");
        await ProblemAssert.IsProblemAsync(await bob.PutAsJsonAsync($"/api/v1/profiles/{id}/credential", new { credential = "bobs" }), HttpStatusCode.NotFound, "profile_not_found");
        var replaced = await alice.PutAsJsonAsync($"/api/v1/profiles/{id}/credential", new { credential = "new-secret-456" });
        Assert.Equal(HttpStatusCode.OK, replaced.StatusCode);
        Assert.DoesNotContain("new-secret-456", await replaced.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    /// <summary>A product photo (green box on white) served on loopback at <c>/product.jpg</c>.</summary>
    internal static async Task<(string Url, WebApplication App)> ImageHostAsync()
    {
        var app = LoopbackApp.Create();
        using var bitmap = new SKBitmap(new SKImageInfo(800, 600, SKColorType.Rgba8888, SKAlphaType.Premul));
        bitmap.Erase(SKColors.White);
        using (var canvas = new SKCanvas(bitmap))
        using (var paint = new SKPaint { Color = SKColors.DarkGreen })
        {
            canvas.DrawRect(300, 200, 200, 250, paint);
        }

        using var jpeg = bitmap.Encode(SKEncodedImageFormat.Jpeg, 90);
        var bytes = jpeg.ToArray();
        app.MapGet("/product.jpg", () => Results.Bytes(bytes, "image/jpeg"));
        return (await LoopbackApp.StartAsync(app), app);
    }
}
