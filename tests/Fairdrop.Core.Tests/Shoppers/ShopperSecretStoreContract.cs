using Fairdrop.Core.Ids;
using Fairdrop.Core.Shoppers;
using Fairdrop.Core.Storage;
using Fairdrop.Core.Tenancy;
using Fairdrop.Core.Tests.Storage;
using Fairdrop.Testing;
using Microsoft.Extensions.Time.Testing;

namespace Fairdrop.Core.Tests.Shoppers;

/// <summary>Shopper-signing secrets and their rotation behave the same on every database.</summary>
public abstract class ShopperSecretStoreContract(StorageProvider provider) : DatabaseTest(provider)
{
    private readonly FakeTimeProvider _time = new(Start);

    [SkippableFact]
    public async Task Rotate_KeepsThePreviousSecretVerifyingForTheGrace_ThenOnlyTheNewOne()
    {
        await using var db = await MigratedAsync();
        var (merchant, _) = await new MerchantStore(db.Factory, new IdGenerator(_time), _time).CreateAsync("Shop", CancellationToken.None);
        var secrets = new ShopperSecretStore(db.Factory, _time);
        var verifier = new ShopperTokenVerifier(secrets, _time);
        var first = await secrets.RotateAsync(merchant.Id, TimeSpan.Zero, CancellationToken.None);
        var oldToken = ShopperTokens.Sign(first.Secret, "alice", Start.AddMinutes(50));

        var second = await secrets.RotateAsync(merchant.Id, TimeSpan.FromMinutes(30), CancellationToken.None);
        var duringGrace = await verifier.VerifyAsync(merchant.Id, oldToken, Guid.Empty, CancellationToken.None);
        var newDuringGrace = await verifier.VerifyAsync(merchant.Id, ShopperTokens.Sign(second.Secret, "bob", Start.AddMinutes(50)), Guid.Empty, CancellationToken.None);
        _time.Advance(TimeSpan.FromMinutes(30));
        var afterGrace = await verifier.VerifyAsync(merchant.Id, oldToken, Guid.Empty, CancellationToken.None);

        Assert.Equal("alice", duringGrace.Value?.ShopperId);
        Assert.Equal("bob", newDuringGrace.Value?.ShopperId);
        Assert.Equal(Start.AddMinutes(30), second.Info.PreviousValidUntil);
        Assert.Equal("invalid_token", afterGrace.Error?.Code);
        Assert.Null((await secrets.GetInfoAsync(merchant.Id, CancellationToken.None))!.PreviousValidUntil);
    }

    [SkippableFact]
    public async Task Rotate_WithoutGrace_RetiresThePreviousAtOnce_AndInfoNeverShowsTheSecret()
    {
        await using var db = await MigratedAsync();
        var (merchant, _) = await new MerchantStore(db.Factory, new IdGenerator(_time), _time).CreateAsync("Shop", CancellationToken.None);
        var secrets = new ShopperSecretStore(db.Factory, _time);
        var verifier = new ShopperTokenVerifier(secrets, _time);
        var leaked = await secrets.RotateAsync(merchant.Id, TimeSpan.FromHours(1), CancellationToken.None);

        var fresh = await secrets.RotateAsync(merchant.Id, TimeSpan.Zero, CancellationToken.None);
        var refused = await verifier.VerifyAsync(merchant.Id, ShopperTokens.Sign(leaked.Secret, "alice", Start.AddMinutes(5)), Guid.Empty, CancellationToken.None);
        var info = await secrets.GetInfoAsync(merchant.Id, CancellationToken.None);

        Assert.Equal("invalid_token", refused.Error?.Code);
        Assert.Null(fresh.Info.PreviousValidUntil);
        Assert.StartsWith(ShopperSecretStore.Scheme, fresh.Secret, StringComparison.Ordinal);
        Assert.Equal(fresh.Secret[..ShopperSecretStore.PrefixLength], info!.Prefix);
        Assert.True(fresh.Secret.Length > info.Prefix.Length + 30);
    }

    [SkippableFact]
    public async Task Rotate_OnAnotherNode_IsSeenWithinTheVerifyingCacheTime()
    {
        await using var db = await MigratedAsync();
        var (merchant, _) = await new MerchantStore(db.Factory, new IdGenerator(_time), _time).CreateAsync("Shop", CancellationToken.None);
        var here = new ShopperSecretStore(db.Factory, _time);
        var elsewhere = new ShopperSecretStore(db.Factory, _time);
        var verifier = new ShopperTokenVerifier(here, _time);
        var leaked = await here.RotateAsync(merchant.Id, TimeSpan.Zero, CancellationToken.None);
        var token = ShopperTokens.Sign(leaked.Secret, "alice", Start.AddMinutes(5));
        Assert.True((await verifier.VerifyAsync(merchant.Id, token, Guid.Empty, CancellationToken.None)).IsSuccess);

        await elsewhere.RotateAsync(merchant.Id, TimeSpan.Zero, CancellationToken.None);
        var stillCached = await verifier.VerifyAsync(merchant.Id, token, Guid.Empty, CancellationToken.None);
        _time.Advance(ShopperSecretStore.VerifyingCacheTime);
        var refused = await verifier.VerifyAsync(merchant.Id, token, Guid.Empty, CancellationToken.None);

        Assert.True(stillCached.IsSuccess);
        Assert.Equal("invalid_token", refused.Error?.Code);
    }

    [SkippableFact]
    public async Task Verify_MerchantWithoutASecret_IsRefused()
    {
        await using var db = await MigratedAsync();
        var verifier = new ShopperTokenVerifier(new ShopperSecretStore(db.Factory, _time), _time);

        var result = await verifier.VerifyAsync(Guid.CreateVersion7(), ShopperTokens.Sign("fdss_whatever-0000000000000000000000000", "alice", Start.AddMinutes(5)), Guid.Empty, CancellationToken.None);

        Assert.Equal("invalid_token", result.Error?.Code);
    }
}

public sealed class SqliteShopperSecretStoreTests() : ShopperSecretStoreContract(StorageProvider.Sqlite);

public sealed class PostgresShopperSecretStoreTests() : ShopperSecretStoreContract(StorageProvider.Postgres);
