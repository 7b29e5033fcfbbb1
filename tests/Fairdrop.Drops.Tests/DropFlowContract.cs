using Fairdrop.Core.Storage;
using Fairdrop.Drops;
using Fairdrop.Drops.Fairness;
using Fairdrop.Drops.Model;
using Microsoft.Extensions.Time.Testing;

namespace Fairdrop.Drops.Tests;

/// <summary>A drop from entry to sale, on a real database, with time moved by hand.</summary>
public abstract class DropFlowContract(StorageProvider provider) : IAsyncLifetime
{
    private static readonly DateTimeOffset Start = DropHarness.Start;
    private DropHarness _harness = null!;
    private FakeTimeProvider _time = null!;
    private DropService _drops = null!;
    private DropCheckout _checkout = null!;
    private DropStore _store = null!;

    public async Task InitializeAsync()
    {
        _harness = await DropHarness.CreateAsync(provider);
        (_time, _drops, _checkout, _store) = (_harness.Time, _harness.Drops, _harness.Checkout, _harness.Store);
    }

    public async Task DisposeAsync() => await _harness.DisposeAsync();

    [SkippableFact]
    public async Task Enter_BeforeTheWindow_IsRefused_DuplicateShopper_IsRefused()
    {
        var drop = await CreateAsync(units: 5, windowIn: TimeSpan.FromMinutes(5));

        var early = await _harness.EnterAsync(drop, "alice");
        _time.Advance(TimeSpan.FromMinutes(5));
        var first = await _harness.EnterAsync(drop, "alice");
        var again = await _harness.EnterAsync(drop, "alice");

        Assert.Equal(DropErrors.WindowNotOpen, early.Error?.Code);
        Assert.True(first.IsSuccess);
        Assert.Equal(DropErrors.DuplicateEntry, again.Error?.Code);
    }

    [SkippableFact]
    public async Task Turn_ComesAtItsDelay_ThenTheTokenBuysOnce()
    {
        var drop = await CreateAsync(units: 10, admitIntervalMs: 1000);
        var entries = await EnterManyAsync(drop, 5);
        _time.Advance(TimeSpan.FromMinutes(10)); // opening

        var views = new List<EntryView>();
        foreach (var (entry, key) in entries)
        {
            views.Add((await _checkout.StatusAsync(drop.Id, entry.Id, key, CancellationToken.None)).Value!);
        }

        var first = views.Single(v => v.Place == 1);
        var last = views.Single(v => v.Place == 5);
        Assert.NotNull(first.SaleToken);
        Assert.Null(last.SaleToken);
        Assert.InRange(last.ExpectedWaitSeconds!.Value, 3.9, 4.0); // four turns of one second, less the 25 ms the entries took

        var shopper = entries.Single(e => e.Entry.Id == first.EntryId).Entry.ShopperId;
        var bought = await _checkout.PurchaseAsync(drop.Id, first.SaleToken, shopper, 1, CancellationToken.None);
        var replay = await _checkout.PurchaseAsync(drop.Id, first.SaleToken, shopper, 1, CancellationToken.None);
        Assert.True(bought.IsSuccess);
        Assert.Equal(DropErrors.TokenUsed, replay.Error?.Code);

        _time.Advance(TimeSpan.FromSeconds(4));
        var lastEntry = entries.Single(e => e.Entry.Id == last.EntryId);
        Assert.NotNull((await _checkout.StatusAsync(drop.Id, lastEntry.Entry.Id, lastEntry.Key, CancellationToken.None)).Value!.SaleToken);
    }

    [SkippableFact]
    public async Task Token_TransferredExpiredOrForged_IsRefused()
    {
        var drop = await CreateAsync(units: 10, admitIntervalMs: 0);
        var entries = await EnterManyAsync(drop, 2);
        _time.Advance(TimeSpan.FromMinutes(10));
        var (entry, key) = entries[0];
        var token = (await _checkout.StatusAsync(drop.Id, entry.Id, key, CancellationToken.None)).Value!.SaleToken!;

        var transferred = await _checkout.PurchaseAsync(drop.Id, token, entries[1].Entry.ShopperId, 1, CancellationToken.None);
        var forged = await _checkout.PurchaseAsync(drop.Id, token[..^2] + (token[^2] == 'x' ? "yy" : "xx"), entry.ShopperId, 1, CancellationToken.None);
        var tooMany = await _checkout.PurchaseAsync(drop.Id, token, entry.ShopperId, 2, CancellationToken.None);
        _time.Advance(TimeSpan.FromMilliseconds(drop.TokenTtlMs));
        var expired = await _checkout.PurchaseAsync(drop.Id, token, entry.ShopperId, 1, CancellationToken.None);

        Assert.Equal(DropErrors.TokenNotYours, transferred.Error?.Code);
        Assert.Equal(DropErrors.TokenInvalid, forged.Error?.Code);
        Assert.Equal("validation_failed", tooMany.Error?.Code);
        Assert.Equal(DropErrors.TokenExpired, expired.Error?.Code);
    }

    [SkippableFact]
    public async Task SoldOut_EveryoneStillWaitingIsToldAtOnce_NothingOversold()
    {
        var drop = await CreateAsync(units: 3, admitIntervalMs: 0);
        var entries = await EnterManyAsync(drop, 8);
        _time.Advance(TimeSpan.FromMinutes(10));

        var outcomes = new List<string>();
        foreach (var (entry, key) in entries)
        {
            var view = (await _checkout.StatusAsync(drop.Id, entry.Id, key, CancellationToken.None)).Value!;
            if (view.SaleToken is null)
            {
                outcomes.Add(view.Status);
                continue;
            }

            var result = await _checkout.PurchaseAsync(drop.Id, view.SaleToken, entry.ShopperId, 1, CancellationToken.None);
            outcomes.Add(result.IsSuccess ? "bought" : result.Error!.Code);
        }

        var afterwards = await Task.WhenAll(entries.Select(async e => (await _checkout.StatusAsync(drop.Id, e.Entry.Id, e.Key, CancellationToken.None)).Value!.Status));
        Assert.Equal(3, outcomes.Count(o => o == "bought"));
        Assert.Equal(5, afterwards.Count(s => s == Drop.SoldOut));
        var report = FairnessCalculator.Compute((await _store.GetAsync(drop.Id, null, CancellationToken.None))!, await _store.EntriesAsync(drop.Id, CancellationToken.None), await _store.PurchasesAsync(drop.Id, CancellationToken.None));
        Assert.Equal(3, report.UnitsSold);
        Assert.Equal(0, report.Oversold);
    }

    [SkippableFact]
    public async Task Audit_AfterOpening_RevealsTheSeed_AndVerifies_ButNotBefore()
    {
        var drop = await CreateAsync(units: 5, admitIntervalMs: 10);
        await EnterManyAsync(drop, 30);

        var before = (await _harness.Queries.AuditAsync(drop.Id, CancellationToken.None)).Value!;
        _time.Advance(TimeSpan.FromMinutes(10));
        var after = (await _harness.Queries.AuditAsync(drop.Id, CancellationToken.None)).Value!;
        var tampered = after with { Entries = after.Entries.Select(e => e.Place == 1 ? e with { Place = 2 } : e.Place == 2 ? e with { Place = 1 } : e).ToList() };

        Assert.Null(before.Seed);
        Assert.False(before.Verify().Verified);
        Assert.True(after.Verify().Verified, after.Verify().Message);
        Assert.Equal(2, tampered.Verify().Mismatches);
    }

    [SkippableFact]
    public async Task PriorityCode_IsSingleUse_AndMovesTheShopperUp()
    {
        var drop = await CreateAsync(units: 10, admitIntervalMs: 100);
        var codes = (await _harness.Creator.CreatePriorityCodesAsync(drop.MerchantId, drop.Id, 1, CancellationToken.None)).Value!;
        await EnterManyAsync(drop, 20);

        var vip = await _harness.EnterAsync(drop, "vip", codes[0]);
        var reused = await _harness.EnterAsync(drop, "copycat", codes[0]);
        _time.Advance(TimeSpan.FromMinutes(10));
        var view = (await _checkout.StatusAsync(drop.Id, vip.Value!.Entry.Id, vip.Value.EntryKey, CancellationToken.None)).Value!;

        Assert.Equal(DropErrors.PriorityCodeInvalid, reused.Error?.Code);
        Assert.Equal(1, view.Place);
    }

    [SkippableFact]
    public async Task Rolling_LateArrivalsArePlacedWhenTheirWindowCloses_ShuffledAndVerifiable()
    {
        var created = await _harness.Creator.CreateAsync(_harness.MerchantId, new DropSpec("Drop", "sku-1", 50, Start.AddMinutes(10),
            WindowOpensAt: Start, AdmitIntervalMs: 0, LateOrder: Drop.LateRolling, RollingWindowMs: 10_000), CancellationToken.None);
        var drop = created.Value!;
        await EnterManyAsync(drop, 3);
        _time.Advance(TimeSpan.FromMinutes(10));
        await _drops.EnsureOpenedAsync(drop.Id, CancellationToken.None);
        var late = await EnterManyAsync(drop, 40, "late");
        var (firstLate, firstKey) = late[0];

        var during = (await _checkout.StatusAsync(drop.Id, firstLate.Id, firstKey, CancellationToken.None)).Value!;
        _time.Advance(TimeSpan.FromSeconds(10));
        var after = (await _checkout.StatusAsync(drop.Id, firstLate.Id, firstKey, CancellationToken.None)).Value!;
        var entries = await _store.EntriesAsync(drop.Id, CancellationToken.None);
        var whileOpen = (await _harness.Queries.AuditAsync(drop.Id, CancellationToken.None)).Value!;
        _time.Advance(TimeSpan.FromDays(1)); // past closesAt: the commitment mode reveals a rolling drop's seed when it ends
        var audit = (await _harness.Queries.AuditAsync(drop.Id, CancellationToken.None)).Value!;
        var latePlaces = entries.Where(e => e.ArrivedAt >= drop.OpensAt).OrderBy(e => e.ArrivalSeq).Select(e => e.Place!.Value).ToList();

        Assert.Null(during.Place);
        Assert.NotNull(after.Place);
        Assert.Equal(Enumerable.Range(4, 40).Select(i => (long)i), latePlaces.Order());
        Assert.NotEqual(latePlaces, latePlaces.Order().ToList()); // shuffled, not first come first served (1 in 40! to fail by chance)
        Assert.Null(whileOpen.Seed);
        Assert.False(whileOpen.Verify().Verified);
        Assert.True(audit.Verify().Verified, audit.Verify().Message);
    }

    [SkippableFact]
    public async Task QueueReader_GivesTheLatestPlacedDrop_ShoppersInPlaceOrder_AndNothingOfAnotherMerchant()
    {
        var reader = new Fairness.DropQueueReader(_harness.Db.Factory);
        Assert.Null(await reader.LatestPlacedAsync(_harness.MerchantId, CancellationToken.None)); // created, not placed
        var drop = await CreateAsync(units: 4);
        await EnterManyAsync(drop, 6);
        _time.Advance(TimeSpan.FromMinutes(10));
        Assert.True(await _drops.EnsureOpenedAsync(drop.Id, CancellationToken.None));

        var queue = (await reader.LatestPlacedAsync(_harness.MerchantId, CancellationToken.None))!;

        var places = (await _store.EntriesAsync(drop.Id, CancellationToken.None)).OrderBy(e => e.Place).Select(e => e.ShopperId);
        Assert.Equal((drop.Id, "Drop", 4L), (queue.DropId, queue.Name, queue.Served)); // at most one each: four served
        Assert.Equal(places, queue.ShoppersInPlaceOrder);
        Assert.Equal(6, queue.ShoppersInPlaceOrder.Distinct().Count());
        Assert.Null(await reader.LatestPlacedAsync(Guid.NewGuid(), CancellationToken.None));
    }

    private async Task<Drop> CreateAsync(int units, long admitIntervalMs = 100, TimeSpan? windowIn = null) =>
        (await _harness.Creator.CreateAsync(_harness.MerchantId, new DropSpec("Drop", "sku-1", units, Start.AddMinutes(10),
            WindowOpensAt: Start + (windowIn ?? TimeSpan.Zero), AdmitIntervalMs: admitIntervalMs), CancellationToken.None)).Value!;

    private async Task<List<(DropEntry Entry, string Key)>> EnterManyAsync(Drop drop, int count, string prefix = "shopper")
    {
        var list = new List<(DropEntry, string)>();
        for (var i = 0; i < count; i++)
        {
            var entered = (await _harness.EnterAsync(drop, $"{prefix}-{i}")).Value!;
            list.Add((entered.Entry, entered.EntryKey));
            _time.Advance(TimeSpan.FromMilliseconds(5));
        }

        return list;
    }
}

public sealed class SqliteDropFlowTests() : DropFlowContract(StorageProvider.Sqlite);

public sealed class PostgresDropFlowTests() : DropFlowContract(StorageProvider.Postgres);
