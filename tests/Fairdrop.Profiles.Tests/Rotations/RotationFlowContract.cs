using Fairdrop.Core.Storage;
using Fairdrop.Profiles.Model;
using Fairdrop.Testing.Profiles;
using Fairdrop.Profiles.Tests.Imaging;
using SkiaSharp;

namespace Fairdrop.Profiles.Tests.Rotations;

/// <summary>
/// End to end against the contract fakes: a drop opens → the network shows the generated avatar → the drop sells out →
/// the previous avatar is back; with Mastodon's multipart update and Bluesky's swapRecord; a worker dying mid-step is
/// taken over once its lease expires; 401 and 429 stop or wait with a visible reason.
/// </summary>
public abstract class RotationFlowContract(StorageProvider provider)
{
    private const string DropId = "0193a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b";

    private static byte[] OriginalAvatar()
    {
        using var blue = new SKBitmap(new SKImageInfo(200, 200, SKColorType.Rgba8888, SKAlphaType.Premul));
        blue.Erase(new SKColor(20, 60, 200));
        return TestImages.Png(blue);
    }

    [SkippableFact]
    public async Task DropRotation_Mastodon_AvatarFollowsTheDropAndComesBack()
    {
        await using var scene = await MastodonScene.StartAsync(provider);
        var (h, mastodon, profile, original) = scene;
        h.Moments.Set(DropId, ProfileMoment.NotYet);
        var rotation = (await h.Rotations.StartAsync(h.MerchantId, profile, new NewRotation("drop", DropId, h.ProductUrl, "DROP · FRI 9 PM", null), default)).Value!;

        await h.PassAsync();
        Assert.Equal("waiting", (await h.RotationAsync(rotation.Id)).State);
        Assert.Equal(original, mastodon.Avatar);

        h.Moments.Set(DropId, ProfileMoment.Started);
        h.Time.Advance(TimeSpan.FromMinutes(1));
        await h.PassAsync();

        Assert.Equal("active", (await h.RotationAsync(rotation.Id)).State);
        var history = (await h.Rotations.HistoryAsync(h.MerchantId, rotation.Id, default)).Value!;
        var assigned = Assert.Single(history);
        Assert.Equal("assign", assigned.Action);
        Assert.Equal((await h.Rotations.HistoryImageAsync(h.MerchantId, rotation.Id, assigned.Id, default)).Value.Image, mastodon.Avatar);
        using (var shown = SKBitmap.Decode(mastodon.Avatar))
        {
            Assert.Equal((400, 400), (shown.Width, shown.Height));
            Assert.Equal(0, shown.GetPixel(0, 0).Alpha); // Mastodon's rounded shape
            Assert.NotNull(Pixels.Bounds(shown, Pixels.IsRed)); // the product
        }

        h.Moments.Set(DropId, ProfileMoment.Ended);
        h.Time.Advance(TimeSpan.FromMinutes(1));
        await h.PassAsync();

        Assert.Equal("restored", (await h.RotationAsync(rotation.Id)).State);
        Assert.Equal(original, mastodon.Avatar);
        history = (await h.Rotations.HistoryAsync(h.MerchantId, rotation.Id, default)).Value!;
        Assert.Equal(["assign", "restore"], history.Select(a => a.Action));
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(original)), history[1].ImageSha256);
    }

    [SkippableFact]
    public async Task DropRotation_Bluesky_PutsWithSwapRecordAndRestores()
    {
        await using var h = await ProfilesHarness.CreateAsync(provider);
        var original = OriginalAvatar();
        await using var bluesky = await FakeBluesky.StartAsync(h.Time, original);
        var profile = (await h.Profiles.CreateAsync(h.MerchantId, new NewSocialProfile("bluesky", bluesky.BaseUrl, bluesky.Handle, bluesky.Password), default)).Value!.Profile.Id;
        h.Moments.Set(DropId, ProfileMoment.Started);
        var rotation = (await h.Rotations.StartAsync(h.MerchantId, profile, new NewRotation("drop", DropId, h.ProductUrl, null, null), default)).Value!;
        var cidBefore = bluesky.Cid;

        await h.PassAsync();

        Assert.Equal("active", (await h.RotationAsync(rotation.Id)).State);
        Assert.Equal([(cidBefore, true)], bluesky.Puts);
        Assert.Equal("The Shop", bluesky.Record!["displayName"]!.GetValue<string>()); // the rest of the profile is kept
        using (var shown = SKBitmap.Decode(bluesky.Avatar))
        {
            Assert.True(bluesky.Avatar!.Length <= FakeBluesky.AvatarLimit);
            Assert.Equal(0, shown.GetPixel(0, 0).Alpha); // Bluesky's round shape
            Assert.Equal(0, shown.GetPixel(399, 399).Alpha);
        }

        // Someone edits the profile between our read and our write: the swap fails once, a fresh read wins, the edit stays.
        bluesky.EditBeforeNextPut = true;
        h.Moments.Set(DropId, ProfileMoment.Ended);
        h.Time.Advance(TimeSpan.FromMinutes(1));
        await h.PassAsync();

        Assert.Equal("restored", (await h.RotationAsync(rotation.Id)).State);
        Assert.Equal(original, bluesky.Avatar);
        Assert.Equal([true, false, true], bluesky.Puts.Select(p => p.Accepted));
        Assert.Equal("The Shop (edited meanwhile)", bluesky.Record!["displayName"]!.GetValue<string>());
    }

    [SkippableFact]
    public async Task WorkerDiesAfterTheNetworkChanged_AnotherTakesOverAfterTheLease_PreviousAvatarStaysTheOriginal()
    {
        await using var scene = await MastodonScene.StartAsync(provider);
        var (h, mastodon, profile, original) = scene;
        var rotation = await ManualAsync(h, profile);
        using var death = new CancellationTokenSource();
        mastodon.AfterUpdate = async http =>
        {
            // The avatar is changed; the worker dies before it hears so, holding its lease.
            mastodon.AfterUpdate = null;
            await death.CancelAsync();
            await Task.Delay(Timeout.Infinite, http.RequestAborted).ContinueWith(_ => { }, TaskScheduler.Default);
        };

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => h.PassAsync("worker-a", death.Token));
        Assert.NotEqual(original, mastodon.Avatar);
        Assert.Equal("assigning", (await h.RotationAsync(rotation.Id)).State);

        Assert.Equal(0, await h.PassAsync("worker-b")); // the lease still holds
        h.Time.Advance(h.Lease + TimeSpan.FromSeconds(1));
        Assert.Equal(1, await h.PassAsync("worker-b"));
        Assert.Equal("active", (await h.RotationAsync(rotation.Id)).State);

        Assert.True((await h.Rotations.EndAsync(h.MerchantId, rotation.Id, default)).IsSuccess);
        await h.PassAsync("worker-b");

        Assert.Equal("restored", (await h.RotationAsync(rotation.Id)).State);
        Assert.Equal(original, mastodon.Avatar); // not our image, which the network showed when worker b read it
    }

    [SkippableFact]
    public async Task RateLimited_WaitsForTheResetThenAssigns()
    {
        await using var scene = await MastodonScene.StartAsync(provider);
        var (h, mastodon, profile, _) = scene;
        mastodon.RateLimitedUpdates = 1;
        var rotation = await ManualAsync(h, profile);

        await h.PassAsync();

        var waiting = await h.RotationAsync(rotation.Id);
        Assert.Equal("assigning", waiting.State);
        Assert.Contains("rate limit", waiting.Reason, StringComparison.Ordinal);
        Assert.True(waiting.NextAttemptAt >= h.Time.GetUtcNow().AddMinutes(1).AddSeconds(-1), $"next attempt {waiting.NextAttemptAt}");
        Assert.Equal(0, await h.PassAsync()); // not before the reset

        h.Time.Advance(waiting.NextAttemptAt - h.Time.GetUtcNow());
        await h.PassAsync();
        Assert.Equal("active", (await h.RotationAsync(rotation.Id)).State);
    }

    [SkippableFact]
    public async Task RateLimitedWithRetryAfter_Bluesky_WaitsThatLongThenAssigns()
    {
        await using var h = await ProfilesHarness.CreateAsync(provider);
        await using var bluesky = await FakeBluesky.StartAsync(h.Time, OriginalAvatar());
        bluesky.RateLimitedPuts = 1;
        var profile = (await h.Profiles.CreateAsync(h.MerchantId, new NewSocialProfile("bluesky", bluesky.BaseUrl, bluesky.Handle, bluesky.Password), default)).Value!.Profile.Id;
        var rotation = await ManualAsync(h, profile);

        await h.PassAsync();

        var waiting = await h.RotationAsync(rotation.Id);
        Assert.Equal("assigning", waiting.State);
        Assert.Contains("rate limit reached (429)", waiting.Reason, StringComparison.Ordinal);
        Assert.Equal(h.Time.GetUtcNow().AddSeconds(120), waiting.NextAttemptAt);
        h.Time.Advance(TimeSpan.FromSeconds(120));
        await h.PassAsync();
        Assert.Equal("active", (await h.RotationAsync(rotation.Id)).State);
        Assert.Equal([true], bluesky.Puts.Select(p => p.Accepted)); // the refused call changed nothing
    }

    [SkippableFact]
    public async Task Unauthorized_StopsWithAVisibleReason_NothingAssigned_CredentialNotShown()
    {
        await using var scene = await MastodonScene.StartAsync(provider);
        var (h, mastodon, profile, original) = scene;
        mastodon.Token = "rotated-by-the-merchant";
        var rotation = await ManualAsync(h, profile);

        await h.PassAsync();

        var stopped = await h.RotationAsync(rotation.Id);
        Assert.Equal("failed", stopped.State);
        Assert.Contains("refused the credentials (401", stopped.Reason, StringComparison.Ordinal);
        Assert.DoesNotContain("mastodon-token", stopped.Reason, StringComparison.Ordinal);
        Assert.Equal(original, mastodon.Avatar);
    }

    [SkippableFact]
    public async Task ImageRefused_FailsWithTheReason_NothingAssigned()
    {
        await using var scene = await MastodonScene.StartAsync(provider);
        var (h, mastodon, profile, original) = scene;
        var rotation = (await h.Rotations.StartAsync(h.MerchantId, profile, new NewRotation("manual", null, h.Images.Url("/bomb.png"), null, null), default)).Value!;

        await h.PassAsync();

        var failed = await h.RotationAsync(rotation.Id);
        Assert.Equal("failed", failed.State);
        Assert.Contains("50000 × 50000", failed.Reason, StringComparison.Ordinal);
        Assert.Empty(mastodon.Uploads);
        Assert.Equal(original, mastodon.Avatar);
    }

    [SkippableFact]
    public async Task Start_SecondRotationOnTheSameProfile_IsRefused()
    {
        await using var scene = await MastodonScene.StartAsync(provider);
        var (h, mastodon, profile, _) = scene;
        Assert.True((await h.Rotations.StartAsync(h.MerchantId, profile, new NewRotation("manual", null, h.ProductUrl, null, null), default)).IsSuccess);

        var second = await h.Rotations.StartAsync(h.MerchantId, profile, new NewRotation("drop", DropId, h.ProductUrl, null, null), default);

        Assert.Equal(ProfileErrors.RotationInProgress, second.Error?.Code);
    }

    [SkippableFact]
    public async Task RestoreRefused_IsShownAndRetriedByHandOnceFixed()
    {
        await using var scene = await MastodonScene.StartAsync(provider);
        var (h, mastodon, profile, original) = scene;
        var rotation = await ManualAsync(h, profile);
        await h.PassAsync();
        var token = mastodon.Token;
        mastodon.Token = "revoked";
        await h.Rotations.EndAsync(h.MerchantId, rotation.Id, default);

        await h.PassAsync();

        var failed = await h.RotationAsync(rotation.Id);
        Assert.Equal("restore_failed", failed.State);
        Assert.Contains("401", failed.Reason, StringComparison.Ordinal);

        mastodon.Token = "reissued-" + token; // the merchant makes a new token and gives it to Fairdrop
        Assert.True((await h.Profiles.SetCredentialAsync(h.MerchantId, profile, mastodon.Token, default)).IsSuccess);
        Assert.True((await h.Rotations.RetryAsync(h.MerchantId, rotation.Id, default)).IsSuccess);
        await h.PassAsync();
        Assert.Equal("restored", (await h.RotationAsync(rotation.Id)).State);
        Assert.Equal(original, mastodon.Avatar);
    }

    private static async Task<Rotation> ManualAsync(ProfilesHarness h, Guid profile) =>
        (await h.Rotations.StartAsync(h.MerchantId, profile, new NewRotation("manual", null, h.ProductUrl, null, null), default)).Value!;

    /// <summary>A harness, a Mastodon fake showing the shop's own (blue) avatar, and a profile connected to it.</summary>
    private sealed record MastodonScene(ProfilesHarness H, FakeMastodon Mastodon, Guid Profile, byte[] Original) : IAsyncDisposable
    {
        public static async Task<MastodonScene> StartAsync(StorageProvider provider)
        {
            var h = await ProfilesHarness.CreateAsync(provider);
            var original = OriginalAvatar();
            var mastodon = await FakeMastodon.StartAsync(h.Time, original);
            var profile = (await h.Profiles.CreateAsync(h.MerchantId, new NewSocialProfile("mastodon", mastodon.BaseUrl, "@shop", mastodon.Token), default)).Value!.Profile.Id;
            return new MastodonScene(h, mastodon, profile, original);
        }

        public async ValueTask DisposeAsync()
        {
            await Mastodon.DisposeAsync();
            await H.DisposeAsync();
        }
    }
}

public sealed class SqliteRotationFlowTests() : RotationFlowContract(StorageProvider.Sqlite);

public sealed class PostgresRotationFlowTests() : RotationFlowContract(StorageProvider.Postgres);
