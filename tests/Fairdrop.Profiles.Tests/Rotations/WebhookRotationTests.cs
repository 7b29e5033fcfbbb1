using System.Text.Json;
using Fairdrop.Core.Storage;
using Fairdrop.Exchange.Channels;
using Fairdrop.Profiles.Model;
using Fairdrop.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using SkiaSharp;

namespace Fairdrop.Profiles.Tests.Rotations;

/// <summary>The merchant's own endpoint: the intent and image arrive signed as Standard Webhooks with the profile's secret.</summary>
public sealed class WebhookRotationTests
{
    [Fact]
    public async Task ManualRotation_Webhook_PostsSignedAssignThenRestore()
    {
        await using var h = await ProfilesHarness.CreateAsync(StorageProvider.Sqlite);
        var received = new List<(string Id, string Timestamp, string Signature, string Body)>();
        var app = LoopbackApp.Create();
        app.MapPost("/avatar", async (HttpContext http) =>
        {
            using var reader = new StreamReader(http.Request.Body);
            received.Add((http.Request.Headers["webhook-id"].ToString(), http.Request.Headers["webhook-timestamp"].ToString(),
                http.Request.Headers["webhook-signature"].ToString(), await reader.ReadToEndAsync()));
            return Results.NoContent();
        });
        var url = await LoopbackApp.StartAsync(app) + "/avatar";
        await using var _ = app;
        var created = (await h.Profiles.CreateAsync(h.MerchantId, new NewSocialProfile("webhook", url, null, null), default)).Value!;
        Assert.StartsWith(WebhookSigner.SecretPrefix, created.SigningSecret, StringComparison.Ordinal);
        var rotation = (await h.Rotations.StartAsync(h.MerchantId, created.Profile.Id, new NewRotation("manual", null, h.ProductUrl, "BACK IN STOCK", null), default)).Value!;

        await h.PassAsync();
        await h.Rotations.EndAsync(h.MerchantId, rotation.Id, default);
        await h.PassAsync();

        Assert.Equal("restored", (await h.RotationAsync(rotation.Id)).State);
        Assert.Equal(2, received.Count);
        foreach (var (id, timestamp, signature, body) in received)
        {
            Assert.Equal(WebhookSigner.Sign(created.SigningSecret!, id, long.Parse(timestamp, System.Globalization.CultureInfo.InvariantCulture), body), signature);
        }

        using var assign = JsonDocument.Parse(received[0].Body);
        Assert.Equal("profile.avatar.assign", assign.RootElement.GetProperty("type").GetString());
        using (var image = SKBitmap.Decode(Convert.FromBase64String(assign.RootElement.GetProperty("image").GetString()!)))
        {
            Assert.Equal((400, 400), (image.Width, image.Height));
        }

        using var restore = JsonDocument.Parse(received[1].Body);
        Assert.Equal("profile.avatar.restore", restore.RootElement.GetProperty("type").GetString());
        Assert.Equal(JsonValueKind.Null, restore.RootElement.GetProperty("image").ValueKind);
    }
}
