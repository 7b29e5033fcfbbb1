using Fairdrop.Profiles.Networks;
using Fairdrop.Profiles.Storage;
using Fairdrop.Testing.Profiles;
using Microsoft.Extensions.DependencyInjection;
using SkiaSharp;

namespace Fairdrop.Profiles.Tests.Rotations;

/// <summary>The adapters against the fakes' documented limits and edge cases, one call at a time.</summary>
public sealed class NetworkContractTests
{
    [Fact]
    public async Task Mastodon_AvatarOverTwoMegabytes_StopsWithTheNetworksRefusal()
    {
        await using var h = await ProfilesHarness.CreateAsync(Core.Storage.StorageProvider.Sqlite);
        await using var mastodon = await FakeMastodon.StartAsync(h.Time, null);
        var adapter = Adapter<MastodonAdapter>(h);

        var result = await adapter.SetAsync(Row("mastodon", mastodon.BaseUrl, "@shop", mastodon.Token), new CurrentAvatar(new byte[(int)FakeMastodon.AvatarLimit + 1], "image/png"), "assign", Guid.NewGuid(), default);

        Assert.Equal(NetworkOutcome.Stop, result.Outcome);
        Assert.Contains("422", result.Reason, StringComparison.Ordinal);
        Assert.Null(mastodon.Avatar);
    }

    [Fact]
    public async Task Mastodon_DefaultAvatar_ReadsAsNone_AndRestoringNoneDeletesOurs()
    {
        await using var h = await ProfilesHarness.CreateAsync(Core.Storage.StorageProvider.Sqlite);
        await using var mastodon = await FakeMastodon.StartAsync(h.Time, null);
        var adapter = Adapter<MastodonAdapter>(h);
        var profile = Row("mastodon", mastodon.BaseUrl, "@shop", mastodon.Token);

        var current = await adapter.ReadCurrentAsync(profile, default);
        await adapter.SetAsync(profile, new CurrentAvatar(Png(), "image/png"), "assign", Guid.NewGuid(), default);
        await adapter.SetAsync(profile, current.Value!, "restore", Guid.NewGuid(), default);

        Assert.Null(current.Value!.Bytes);
        Assert.Null(mastodon.Avatar);
    }

    [Fact]
    public async Task Mastodon_GifAvatar_IsKeptAsItIsAndSentBackAsGif()
    {
        await using var h = await ProfilesHarness.CreateAsync(Core.Storage.StorageProvider.Sqlite);
        byte[] gif = [.. "GIF89a"u8, 1, 0, 1, 0, 0, 0, 0, 0x3B];
        await using var mastodon = await FakeMastodon.StartAsync(h.Time, gif);
        var adapter = Adapter<MastodonAdapter>(h);
        var profile = Row("mastodon", mastodon.BaseUrl, "@shop", mastodon.Token);

        var current = await adapter.ReadCurrentAsync(profile, default);
        await adapter.SetAsync(profile, new CurrentAvatar(Png(), "image/png"), "assign", Guid.NewGuid(), default);
        var restored = await adapter.SetAsync(profile, current.Value!, "restore", Guid.NewGuid(), default);

        Assert.Equal(("image/gif", NetworkOutcome.Done), (current.Value!.MediaType, restored.Outcome));
        Assert.Equal(gif, mastodon.Avatar);
    }

    [Fact]
    public async Task Bluesky_AccountWithoutAProfileRecord_CreatesOneWithoutSwapAndRestoresWithoutAvatar()
    {
        await using var h = await ProfilesHarness.CreateAsync(Core.Storage.StorageProvider.Sqlite);
        await using var bluesky = await FakeBluesky.StartAsync(h.Time, null);
        var adapter = Adapter<BlueskyAdapter>(h);
        var profile = Row("bluesky", bluesky.BaseUrl, bluesky.Handle, bluesky.Password);

        var current = await adapter.ReadCurrentAsync(profile, default);
        var assigned = await adapter.SetAsync(profile, new CurrentAvatar(Png(), "image/png"), "assign", Guid.NewGuid(), default);
        var cid = bluesky.Cid;
        var restored = await adapter.SetAsync(profile, current.Value!, "restore", Guid.NewGuid(), default);

        Assert.Null(current.Value!.Bytes);
        Assert.Equal((NetworkOutcome.Done, NetworkOutcome.Done), (assigned.Outcome, restored.Outcome));
        Assert.Equal([(null, true), (cid, true)], bluesky.Puts);
        Assert.Null(bluesky.Avatar);
    }

    [Fact]
    public async Task Bluesky_BlobOverTheLexiconLimit_StopsWithInvalidRequest()
    {
        await using var h = await ProfilesHarness.CreateAsync(Core.Storage.StorageProvider.Sqlite);
        await using var bluesky = await FakeBluesky.StartAsync(h.Time, Png());
        var adapter = Adapter<BlueskyAdapter>(h);
        var before = bluesky.Avatar;

        var result = await adapter.SetAsync(Row("bluesky", bluesky.BaseUrl, bluesky.Handle, bluesky.Password), new CurrentAvatar(new byte[FakeBluesky.AvatarLimit + 1], "image/png"), "assign", Guid.NewGuid(), default);

        Assert.Equal(NetworkOutcome.Stop, result.Outcome);
        Assert.Contains("InvalidRequest", result.Reason, StringComparison.Ordinal);
        Assert.Equal(before, bluesky.Avatar);
    }

    [Fact]
    public async Task Bluesky_WrongAppPassword_StopsNamingTheCredentialsNotThePassword()
    {
        await using var h = await ProfilesHarness.CreateAsync(Core.Storage.StorageProvider.Sqlite);
        await using var bluesky = await FakeBluesky.StartAsync(h.Time, Png());
        var adapter = Adapter<BlueskyAdapter>(h);

        var result = await adapter.ReadCurrentAsync(Row("bluesky", bluesky.BaseUrl, bluesky.Handle, "wrong-password-1234"), default);

        Assert.Equal(NetworkOutcome.Stop, result.Outcome);
        Assert.Contains("refused the credentials (401, AuthenticationRequired)", result.Reason, StringComparison.Ordinal);
        Assert.DoesNotContain("wrong-password", result.Reason, StringComparison.Ordinal);
    }

    private static T Adapter<T>(ProfilesHarness h)
        where T : INetworkAdapter => h.Services.GetServices<INetworkAdapter>().OfType<T>().Single();

    private static ProfileRow Row(string network, string baseUrl, string handle, string credential) =>
        new(Guid.NewGuid(), Guid.NewGuid(), network, baseUrl, handle, credential, DateTimeOffset.UnixEpoch);

    private static byte[] Png()
    {
        using var bitmap = new SKBitmap(new SKImageInfo(64, 64, SKColorType.Rgba8888, SKAlphaType.Premul));
        bitmap.Erase(SKColors.Orange);
        return TestImages.Png(bitmap);
    }
}
