using Fairdrop.Core.Shoppers;
using Fairdrop.Core.Storage;
using Fairdrop.Drops.Entries;
using Fairdrop.Drops.Model;

namespace Fairdrop.Drops.Tests;

/// <summary>
/// Storefront entries prove their shopper (issue 17, finding 4): a token signed by the merchant's backend, or, where a
/// drop allows it, an unverified entry that is rate limited and placed as a suspected bot.
/// </summary>
public abstract class StorefrontEntryContract(StorageProvider provider) : IAsyncLifetime
{
    private static readonly DateTimeOffset Start = DropHarness.Start;
    private static readonly DropsOptions Limits = new() { UnverifiedEntriesPerAddress = 5, UnverifiedEntriesPerDevice = 2, UnverifiedEntryWindow = TimeSpan.FromMinutes(1) };
    private DropHarness _h = null!;

    public async Task InitializeAsync() => _h = await DropHarness.CreateAsync(provider, Limits);

    public async Task DisposeAsync() => await _h.DisposeAsync();

    [SkippableFact]
    public async Task Enter_TwoThousandMadeUpShoppersWithoutTokens_NoneEnters()
    {
        var drop = await CreateAsync();

        var codes = new HashSet<string>();
        for (var i = 0; i < 2_000; i++)
        {
            var result = await _h.Drops.EnterFromStorefrontAsync(drop.Id, new NewEntry($"made-up-{i}"), new StorefrontCaller(null, "203.0.113.9", null), CancellationToken.None);
            codes.Add(result.Error?.Code ?? "entered");
        }

        Assert.Equal(["shopper_token_required"], codes);
        Assert.Empty(await _h.Store.EntriesAsync(drop.Id, CancellationToken.None));
    }

    [SkippableFact]
    public async Task Enter_ValidToken_Enters_AsTheTokensShopper_Verified()
    {
        var drop = await CreateAsync();

        var entered = await _h.Drops.EnterFromStorefrontAsync(drop.Id, new NewEntry("Alice"), _h.Signed("alice"), CancellationToken.None);
        var otherShopper = await _h.Drops.EnterFromStorefrontAsync(drop.Id, new NewEntry("mallory"), _h.Signed("bob"), CancellationToken.None);

        Assert.Equal("alice", entered.Value?.Entry.ShopperId);
        Assert.True(entered.Value!.Entry.Verified);
        Assert.False(entered.Value.Entry.Bot);
        Assert.Equal("invalid_token", otherShopper.Error?.Code);
    }

    [SkippableFact]
    public async Task Enter_ForgedExpiredOrOtherMerchantsToken_IsRefused()
    {
        var drop = await CreateAsync();
        var other = (await _h.Merchants.CreateAsync("Other shop", CancellationToken.None)).Merchant.Id;
        var otherSecret = (await _h.Secrets.RotateAsync(other, TimeSpan.Zero, CancellationToken.None)).Secret;
        var valid = _h.Signed("alice").ShopperToken!;
        var expired = _h.Signed("alice", lifetime: TimeSpan.FromMinutes(1)).ShopperToken!;
        _h.Time.Advance(TimeSpan.FromMinutes(2));

        var forged = await Enter(drop, valid[..^2] + (valid[^2] == 'x' ? "yy" : "xx"));
        var late = await Enter(drop, expired);
        var foreign = await Enter(drop, _h.Signed("alice", otherSecret).ShopperToken!);
        var guessedSecret = await Enter(drop, _h.Signed("alice", ShopperSecretStore.Scheme + "guess").ShopperToken!);

        Assert.All([forged, late, foreign, guessedSecret], r => Assert.Equal("invalid_token", r.Error?.Code));
        Assert.Empty(await _h.Store.EntriesAsync(drop.Id, CancellationToken.None));
    }

    [SkippableFact]
    public async Task Enter_TokenSignedWithThePreviousSecret_StillEntersDuringTheGrace()
    {
        var drop = await CreateAsync();
        var before = _h.Signed("alice").ShopperToken!;
        var rotated = await _h.Secrets.RotateAsync(_h.MerchantId, TimeSpan.FromHours(1), CancellationToken.None);

        var withPrevious = await Enter(drop, before);
        var withCurrent = await Enter(drop, _h.Signed("bob", rotated.Secret).ShopperToken!);
        _h.Time.Advance(TimeSpan.FromHours(1));
        var previousAfterGrace = await Enter(drop, _h.Signed("carol").ShopperToken!); // _h.Secret is still the previous one

        Assert.True(withPrevious.IsSuccess, withPrevious.Error?.Message);
        Assert.True(withCurrent.IsSuccess, withCurrent.Error?.Message);
        Assert.Equal("invalid_token", previousAfterGrace.Error?.Code);
    }

    [SkippableFact]
    public async Task Unverified_AllowedByTheDrop_IsLimitedPerAddressAndDevice_AndPlacedAfterVerifiedEntries()
    {
        var drop = await CreateAsync(allowUnverified: true);
        var verified = await _h.EnterAsync(drop, "known");
        var fromOneAddress = new List<string>();
        for (var i = 0; i < 8; i++)
        {
            var r = await Unverified(drop, $"anon-{i}", "198.51.100.1", device: null);
            fromOneAddress.Add(r.Error?.Code ?? "entered");
        }

        var limited = await Unverified(drop, "anon-x", "198.51.100.1", device: null);
        var otherAddress = await Unverified(drop, "anon-y", "198.51.100.2", device: null);
        var oneDevice = new List<string>();
        foreach (var address in new[] { "10.0.0.1", "10.0.0.2", "10.0.0.3" })
        {
            oneDevice.Add((await Unverified(drop, $"dev-{address}", address, "device-1")).Error?.Code ?? "entered");
        }

        _h.Time.Advance(TimeSpan.FromMinutes(1));
        var nextWindow = await Unverified(drop, "anon-z", "198.51.100.1", device: null);
        _h.Time.Advance(TimeSpan.FromMinutes(10)); // opening
        await _h.Drops.EnsureOpenedAsync(drop.Id, CancellationToken.None);
        var entries = await _h.Store.EntriesAsync(drop.Id, CancellationToken.None);

        Assert.Equal([.. Enumerable.Repeat("entered", 5), "rate_limited", "rate_limited", "rate_limited"], fromOneAddress);
        Assert.Equal("rate_limited", limited.Error?.Code);
        Assert.InRange(limited.Error!.RetryAfter!.Value, TimeSpan.FromTicks(1), TimeSpan.FromMinutes(1));
        Assert.True(otherAddress.IsSuccess);
        Assert.Equal(["entered", "entered", "rate_limited"], oneDevice);
        Assert.True(nextWindow.IsSuccess);
        var unverified = entries.Where(e => !e.Verified).ToList();
        Assert.Equal(9, unverified.Count);
        Assert.All(unverified, e => Assert.True(e.Bot));
        Assert.Equal(1, entries.Single(e => e.Id == verified.Value!.Entry.Id).Place);
        Assert.True(unverified.All(e => e.Place > 1));
    }

    [SkippableFact]
    public async Task Unverified_NotAllowedByTheDrop_IsRefused_ButTheMerchantsKeyIsTrusted()
    {
        var drop = await CreateAsync();

        var anonymous = await Unverified(drop, "anon", "198.51.100.1", device: null);
        var fromBackend = await _h.Drops.EnterAsync(drop.Id, new NewEntry("Backend-Customer"), CancellationToken.None);

        Assert.Equal("shopper_token_required", anonymous.Error?.Code);
        Assert.True(fromBackend.Value!.Entry.Verified);
        Assert.Equal("backend-customer", fromBackend.Value.Entry.ShopperId);
    }

    [SkippableFact]
    public async Task MaxPerCustomer_CaseAndWidthVariantsOfOneShopper_EnterOnce_AndBuyNoMoreThanTheLimit()
    {
        var drop = await _h.CreateDropAsync(new DropSpec("Drop", "sku-1", 10, Start.AddMinutes(10), WindowOpensAt: Start, MaxPerCustomer: 2, AdmitIntervalMs: 0));

        var upper = await _h.EnterAsync(drop, "S1");
        var fullwidth = await _h.EnterAsync(drop, "ｓ1");
        var plain = await _h.Drops.EnterAsync(drop.Id, new NewEntry("s1"), CancellationToken.None);
        _h.Time.Advance(TimeSpan.FromMinutes(10));
        var token = (await _h.Checkout.StatusAsync(drop.Id, upper.Value!.Entry.Id, upper.Value.EntryKey, CancellationToken.None)).Value!.SaleToken;
        var overLimit = await _h.Checkout.PurchaseAsync(drop.Id, token, "S1", 3, CancellationToken.None);
        var bought = await _h.Checkout.PurchaseAsync(drop.Id, token, "Ｓ１", 2, CancellationToken.None);

        Assert.Equal("s1", upper.Value.Entry.ShopperId);
        Assert.Equal(DropErrors.DuplicateEntry, fullwidth.Error?.Code);
        Assert.Equal(DropErrors.DuplicateEntry, plain.Error?.Code);
        Assert.Equal("validation_failed", overLimit.Error?.Code);
        Assert.True(bought.IsSuccess, bought.Error?.Message);
        Assert.Equal(2, (await _h.Store.PurchasesAsync(drop.Id, CancellationToken.None)).Where(p => p.ShopperId == "s1").Sum(p => p.Quantity));
    }

    [SkippableFact]
    public async Task Create_UnverifiedEntriesWithEndlessBotPolicy_IsRefused()
    {
        var result = await _h.Creator.CreateAsync(_h.MerchantId, new DropSpec("Drop", "sku-1", 10, Start.AddMinutes(10), BotPolicy: Drop.BotPolicyEndless, AllowUnverifiedEntries: true), CancellationToken.None);

        Assert.Equal("allowUnverifiedEntries", result.Error?.Field);
    }

    private Task<Drop> CreateAsync(bool allowUnverified = false) =>
        _h.CreateDropAsync(new DropSpec("Drop", "sku-1", 10, Start.AddMinutes(10), WindowOpensAt: Start, AdmitIntervalMs: 100, AllowUnverifiedEntries: allowUnverified));

    private Task<Fairdrop.Core.Errors.Result<EnteredDrop>> Enter(Drop drop, string token) =>
        _h.Drops.EnterFromStorefrontAsync(drop.Id, new NewEntry(null), new StorefrontCaller(token, "203.0.113.7", null), CancellationToken.None);

    private Task<Fairdrop.Core.Errors.Result<EnteredDrop>> Unverified(Drop drop, string shopperId, string address, string? device) =>
        _h.Drops.EnterFromStorefrontAsync(drop.Id, new NewEntry(shopperId), new StorefrontCaller(null, address, device), CancellationToken.None);
}

public sealed class SqliteStorefrontEntryTests() : StorefrontEntryContract(StorageProvider.Sqlite);

public sealed class PostgresStorefrontEntryTests() : StorefrontEntryContract(StorageProvider.Postgres);
