using Dapper;
using Fairdrop.Core.Ids;
using Fairdrop.Core.Storage;
using Fairdrop.Core.Tenancy;
using Fairdrop.Core.Tests.Storage;
using Fairdrop.Testing;
using Microsoft.Extensions.Time.Testing;

namespace Fairdrop.Core.Tests.Tenancy;

/// <summary>Merchants and keys behave the same on every database.</summary>
public abstract class MerchantStoreContract(StorageProvider provider) : DatabaseTest(provider)
{
    private readonly FakeTimeProvider _time = new(Start);

    [SkippableFact]
    public async Task Create_IssuesAKeyThatAuthenticates_AndStoresOnlyItsHash()
    {
        await using var db = await MigratedAsync();
        var store = Store(db);

        var (merchant, key) = await store.CreateAsync("Sneaker Shop", CancellationToken.None);
        var identity = await store.AuthenticateAsync(key.Secret, CancellationToken.None);

        Assert.Equal(new KeyIdentity(key.Key.Id, merchant.Id, "Sneaker Shop"), identity);
        await using var connection = await db.Factory.OpenAsync(CancellationToken.None);
        var stored = await connection.QuerySingleAsync<(string Prefix, byte[] Hash)>("SELECT prefix, hash FROM api_keys");
        Assert.Equal(ApiKeySecrets.Hash(key.Secret), stored.Hash);
        Assert.NotEqual(key.Secret, stored.Prefix);
        Assert.StartsWith(stored.Prefix, key.Secret, StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task Authenticate_UnknownOrMalformedKey_ReturnsNull()
    {
        await using var db = await MigratedAsync();
        var store = Store(db);
        await store.CreateAsync("Shop", CancellationToken.None);

        Assert.Null(await store.AuthenticateAsync(ApiKeySecrets.Create(), CancellationToken.None));
        Assert.Null(await store.AuthenticateAsync("not-a-key", CancellationToken.None));
    }

    [SkippableFact]
    public async Task Rotate_WithoutGrace_RevokesOldKeyAtOnce()
    {
        await using var db = await MigratedAsync();
        var store = Store(db);
        var (merchant, old) = await store.CreateAsync("Shop", CancellationToken.None);
        _time.Advance(TimeSpan.FromSeconds(1));

        var fresh = await store.RotateAsync(merchant.Id, TimeSpan.Zero, CancellationToken.None);

        Assert.Null(await store.AuthenticateAsync(old.Secret, CancellationToken.None));
        Assert.NotNull(await store.AuthenticateAsync(fresh.Secret, CancellationToken.None));
        var keys = await store.ListKeysAsync(merchant.Id, CancellationToken.None);
        Assert.Equal([false, true], keys.Select(k => k.IsActiveAt(_time.GetUtcNow())));
    }

    [SkippableFact]
    public async Task Rotate_WithGrace_OldKeyWorksUntilGraceEnds()
    {
        await using var db = await MigratedAsync();
        var store = Store(db);
        var (merchant, old) = await store.CreateAsync("Shop", CancellationToken.None);

        await store.RotateAsync(merchant.Id, TimeSpan.FromMinutes(10), CancellationToken.None);
        _time.Advance(TimeSpan.FromMinutes(9));
        var during = await store.AuthenticateAsync(old.Secret, CancellationToken.None);
        _time.Advance(TimeSpan.FromMinutes(2));
        var after = await store.AuthenticateAsync(old.Secret, CancellationToken.None);

        Assert.NotNull(during);
        Assert.Null(after);
    }

    [SkippableFact]
    public async Task RevokeKey_AnotherMerchantsKey_IsNotFoundAndStillWorks()
    {
        await using var db = await MigratedAsync();
        var store = Store(db);
        var (alice, _) = await store.CreateAsync("Alice", CancellationToken.None);
        var (bob, bobKey) = await store.CreateAsync("Bob", CancellationToken.None);

        var revoked = await store.RevokeKeyAsync(alice.Id, bobKey.Key.Id, CancellationToken.None);

        Assert.False(revoked);
        Assert.NotNull(await store.AuthenticateAsync(bobKey.Secret, CancellationToken.None));
        Assert.Single(await store.ListKeysAsync(alice.Id, CancellationToken.None));
        Assert.True(await store.RevokeKeyAsync(bob.Id, bobKey.Key.Id, CancellationToken.None));
        Assert.Null(await store.AuthenticateAsync(bobKey.Secret, CancellationToken.None));
    }

    [SkippableFact]
    public async Task List_PagesInCreationOrder()
    {
        await using var db = await MigratedAsync();
        var store = Store(db);
        for (var i = 0; i < 5; i++)
        {
            await store.CreateAsync($"m{i}", CancellationToken.None);
            _time.Advance(TimeSpan.FromMilliseconds(2));
        }

        var first = await store.ListAsync(null, 3, CancellationToken.None);
        var second = await store.ListAsync(first[^1].Id, 3, CancellationToken.None);

        Assert.Equal(["m0", "m1", "m2"], first.Select(m => m.Name));
        Assert.Equal(["m3", "m4"], second.Select(m => m.Name));
    }

    private MerchantStore Store(TestDatabase db) => new(db.Factory, new IdGenerator(_time), _time);
}

public sealed class SqliteMerchantStoreTests() : MerchantStoreContract(StorageProvider.Sqlite);

public sealed class PostgresMerchantStoreTests() : MerchantStoreContract(StorageProvider.Postgres);
