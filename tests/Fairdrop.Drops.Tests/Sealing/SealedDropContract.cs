using Fairdrop.Core.Storage;
using Fairdrop.Drops.Model;
using Fairdrop.Drops.Receipts;

namespace Fairdrop.Drops.Tests.Sealing;

/// <summary>
/// Drops verifiable against the operator, on a real database with time moved by hand: the entry list sealed at opening,
/// placement waiting for the beacon round drawn after sealing, receipts and inclusion proofs, rolling windows each with
/// their own round, and the refusals around them.
/// </summary>
public abstract class SealedDropContract(StorageProvider provider) : IAsyncLifetime
{
    private static readonly DateTimeOffset Start = DropHarness.Start;
    private DropHarness _h = null!;
    private FakeBeacon _beacon = null!;

    public async Task InitializeAsync()
    {
        var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(Start);
        _beacon = new FakeBeacon(time, FakeBeacon.ChainAround(Start));
        _h = await DropHarness.CreateAsync(provider, beacon: _beacon, time: time);
    }

    public async Task DisposeAsync() => await _h.DisposeAsync();

    [SkippableFact]
    public async Task BeaconMode_PlacesOnceTheRoundAfterSealingIsOut_AndEveryPlaceVerifies()
    {
        var drop = await _h.CreateDropAsync(new DropSpec("Drop", "sku-1", 10, Start.AddMinutes(10), WindowOpensAt: Start, AdmitIntervalMs: 0));
        var entered = new List<EnteredDrop>();
        for (var i = 0; i < 25; i++)
        {
            entered.Add((await _h.EnterAsync(drop, $"shopper-{i}")).Value!);
            _h.Time.Advance(TimeSpan.FromMilliseconds(7));
        }

        var flagged = (await _h.Drops.EnterAsync(drop.Id, new NewEntry("scalper", Risk: 0.95, RiskReason: "gate: 40 sessions from one address"), CancellationToken.None)).Value!;
        _h.Time.Advance(TimeSpan.FromMinutes(10));
        var placedAtSealing = await _h.Drops.EnsureOpenedAsync(drop.Id, CancellationToken.None);
        var lateEntry = (await _h.EnterAsync(drop, "late")).Value!;
        var sealedAudit = (await _h.Queries.AuditAsync(drop.Id, CancellationToken.None)).Value!;
        _h.Time.Advance(TimeSpan.FromSeconds(4));
        var placedAfterRound = await _h.Drops.EnsureOpenedAsync(drop.Id, CancellationToken.None);
        var audit = (await _h.Queries.AuditAsync(drop.Id, CancellationToken.None)).Value!;

        Assert.Equal(Drop.RandomnessBeacon, drop.Randomness);
        Assert.False(placedAtSealing);
        Assert.Null(sealedAudit.Seed);
        Assert.Equal(26, Assert.Single(sealedAudit.Seals).Entries);
        Assert.All(sealedAudit.Entries, e => Assert.Null(e.Place));
        Assert.True(placedAfterRound);
        var verification = audit.Verify();
        Assert.True(verification.Verified, verification.Message);
        Assert.Equal(Drop.RandomnessBeacon, verification.Mode);
        Assert.Equal(27, audit.Entries.Single(e => e.EntryId == lateEntry.Entry.Id).Place); // after the whole pre-queue
        var scalper = audit.Entries.Single(e => e.EntryId == flagged.Entry.Id);
        Assert.Equal((true, DropEntry.FromMerchant, 26L), (scalper.Bot, scalper.Source, scalper.Place)); // behind every human
        Assert.Equal("risk 0.95 >= botRiskThreshold 0.8, stated by the merchant's backend: gate: 40 sessions from one address", scalper.BotEvidence);
        Assert.Equal(FakeBeacon.ChainAround(Start).RoundAfter(Start.AddMinutes(10)), audit.Seals[0].BeaconRound);
        var flipped = audit with { Entries = audit.Entries.Select(e => e.EntryId == entered[3].Entry.Id ? e with { Bot = true } : e).ToList() };
        Assert.False(flipped.Verify().Verified);
        var otherRound = audit with { Seals = [audit.Seals[0] with { Randomness = new string('0', 64) }] };
        Assert.False(otherRound.Verify().Verified);
    }

    [SkippableFact]
    public async Task Receipt_VerifiesUnderTheDropsKey_AndItsLeafIsProvedUnderTheSealedRoot()
    {
        var drop = await _h.CreateDropAsync(new DropSpec("Drop", "sku-1", 10, Start.AddMinutes(10), WindowOpensAt: Start, AdmitIntervalMs: 0));
        var entered = new List<EnteredDrop>();
        for (var i = 0; i < 13; i++)
        {
            entered.Add((await _h.EnterAsync(drop, $"shopper-{i}")).Value!);
        }

        var beforeSealing = await _h.Queries.ProofAsync(drop.Id, entered[0].Entry.Id, CancellationToken.None);
        _h.Time.Advance(TimeSpan.FromMinutes(10));
        await _h.Drops.EnsureOpenedAsync(drop.Id, CancellationToken.None);
        var mine = entered[5];
        var receipt = EntryReceipts.Verify(mine.Receipt, drop.PublicReceiptKey!)!;
        var proof = (await _h.Queries.ProofAsync(drop.Id, mine.Entry.Id, CancellationToken.None)).Value!;
        var audit = (await _h.Queries.AuditAsync(drop.Id, CancellationToken.None)).Value!;

        Assert.Equal(DropErrors.NotSealed, beforeSealing.Error?.Code);
        Assert.Equal((mine.Entry.Id, mine.Entry.ArrivalSeq, DropEntry.FromStorefront), (receipt.Entry, receipt.Seq, receipt.Source));
        Assert.Equal(receipt.Leaf, proof.Leaf);
        Assert.Equal(audit.Seals[0].Root, proof.Root);
        Assert.True(proof.Holds());
        // Another root: the first hex digit changed (replacing a prefix with "ff" changed nothing when the root began with "ff").
        var otherRoot = (audit.Seals[0].Root[0] == 'f' ? "0" : "f") + audit.Seals[0].Root[1..];
        Assert.False((proof with { Root = otherRoot }).Holds());
        Assert.False((proof with { LeafIndex = (proof.LeafIndex + 1) % proof.TreeSize }).Holds());
        var forged = mine.Receipt![..^4] + (mine.Receipt[^4..] == "AAAA" ? "BBBB" : "AAAA");
        Assert.Null(EntryReceipts.Verify(forged, drop.PublicReceiptKey!));
    }

    [SkippableFact]
    public async Task Rolling_EachWindowIsSealedWhenItCloses_AndPlacedWithItsOwnRound()
    {
        var drop = await _h.CreateDropAsync(new DropSpec("Drop", "sku-1", 50, Start.AddMinutes(10), WindowOpensAt: Start, AdmitIntervalMs: 0,
            LateOrder: Drop.LateRolling, RollingWindowMs: 10_000));
        for (var i = 0; i < 3; i++)
        {
            await _h.EnterAsync(drop, $"early-{i}");
        }

        _h.Time.Advance(TimeSpan.FromMinutes(10));
        await _h.Drops.EnsureOpenedAsync(drop.Id, CancellationToken.None);
        _h.Time.Advance(TimeSpan.FromSeconds(4));
        await _h.Drops.EnsureOpenedAsync(drop.Id, CancellationToken.None);
        for (var i = 0; i < 12; i++)
        {
            await _h.EnterAsync(drop, $"late-{i}");
            _h.Time.Advance(TimeSpan.FromMilliseconds(300));
        }

        _h.Time.Advance(TimeSpan.FromSeconds(3)); // window 0 closed at 10 s: sealed now, its round not out yet
        var atClose = await _h.Late.PlaceClosedWindowsAsync(drop.Id, CancellationToken.None);
        _h.Time.Advance(TimeSpan.FromSeconds(4));
        var afterRound = await _h.Late.PlaceClosedWindowsAsync(drop.Id, CancellationToken.None);
        var audit = (await _h.Queries.AuditAsync(drop.Id, CancellationToken.None)).Value!;

        Assert.Equal((0, 12), (atClose, afterRound));
        Assert.Equal([-1L, 0L], audit.Seals.Select(s => s.Scope));
        Assert.NotEqual(audit.Seals[0].BeaconRound, audit.Seals[1].BeaconRound);
        Assert.NotNull(audit.Seed); // the beacon mode may reveal the seed at once: late windows also need their own rounds
        Assert.True(audit.Verify().Verified, audit.Verify().Message);
        Assert.Equal(Enumerable.Range(4, 12).Select(i => (long)i), audit.Entries.Where(e => !e.PreQueue).Select(e => e.Place!.Value).Order());
    }

    [SkippableFact]
    public async Task BeaconDown_PlacementWaits_ThenHappensWithTheSameRound()
    {
        var drop = await _h.CreateDropAsync(new DropSpec("Drop", "sku-1", 10, Start.AddMinutes(10), WindowOpensAt: Start));
        await _h.EnterAsync(drop, "alice");
        await _h.EnterAsync(drop, "bob");
        _beacon.Down = true;
        _h.Time.Advance(TimeSpan.FromMinutes(11));

        var whileDown = await _h.Drops.EnsureOpenedAsync(drop.Id, CancellationToken.None);
        _beacon.Down = false;
        _h.Time.Advance(TimeSpan.FromSeconds(4));
        var whenBack = await _h.Drops.EnsureOpenedAsync(drop.Id, CancellationToken.None);
        var audit = (await _h.Queries.AuditAsync(drop.Id, CancellationToken.None)).Value!;

        Assert.False(whileDown);
        Assert.True(whenBack);
        Assert.Equal(FakeBeacon.ChainAround(Start).RoundAfter(Start.AddMinutes(11)), audit.Seals[0].BeaconRound); // the round after sealing, not after the outage
        Assert.True(audit.Verify().Verified, audit.Verify().Message);
    }

    [SkippableFact]
    public async Task GateVerdict_ShopperBlockedLately_EntersAsASuspectedBot_WithTheRuleAsEvidence()
    {
        var drop = await _h.CreateDropAsync(new DropSpec("Drop", "sku-1", 10, Start.AddMinutes(10), WindowOpensAt: Start, AdmitIntervalMs: 0));
        _h.Verdicts.Latest["scalper"] = new Core.Shoppers.GateVerdict("block", "many-sessions", Start.AddMinutes(-3));
        _h.Verdicts.Latest["long-ago"] = new Core.Shoppers.GateVerdict("challenge", "fast-cart", Start.AddHours(-2));

        var scalper = (await _h.EnterAsync(drop, "scalper")).Value!.Entry;
        var forgiven = (await _h.EnterAsync(drop, "long-ago")).Value!.Entry;
        var human = (await _h.EnterAsync(drop, "human")).Value!.Entry;
        _h.Time.Advance(TimeSpan.FromMinutes(10));
        await _h.Drops.EnsureOpenedAsync(drop.Id, CancellationToken.None); // sealed; placed once the next round is out
        _h.Time.Advance(TimeSpan.FromSeconds(4));
        var audit = (await _h.Queries.AuditAsync(drop.Id, CancellationToken.None)).Value!;
        var byId = audit.Entries.ToDictionary(e => e.EntryId);

        Assert.Equal((true, false, false), (scalper.Bot, forgiven.Bot, human.Bot));
        Assert.Equal("the gate's block by rule 'many-sessions' at 2026-11-22T22:57:00.0000000+00:00", byId[scalper.Id].BotEvidence);
        Assert.Equal(3, byId[scalper.Id].Place); // behind both humans
        Assert.True(audit.Verify().Verified, audit.Verify().Message);
    }

    [SkippableFact]
    public async Task Create_OpeningInThePast_OrAnUnknownMode_IsRefused()
    {
        var past = await _h.Creator.CreateAsync(_h.MerchantId, new DropSpec("Drop", "sku-1", 10, Start.AddSeconds(-1)), CancellationToken.None);
        var now = await _h.Creator.CreateAsync(_h.MerchantId, new DropSpec("Drop", "sku-1", 10, Start), CancellationToken.None);
        var dawnOfTime = await _h.Creator.CreateAsync(_h.MerchantId, new DropSpec("Drop", "sku-1", 10, DateTimeOffset.MinValue), CancellationToken.None);
        var endOfTime = await _h.Creator.CreateAsync(_h.MerchantId, new DropSpec("Drop", "sku-1", 10, DateTimeOffset.MaxValue), CancellationToken.None);
        var unknown = await _h.Creator.CreateAsync(_h.MerchantId, new DropSpec("Drop", "sku-1", 10, Start.AddMinutes(1), Randomness: "dice"), CancellationToken.None);
        var commitment = await _h.Creator.CreateAsync(_h.MerchantId, new DropSpec("Drop", "sku-1", 10, Start.AddMinutes(1), Randomness: Drop.RandomnessCommitment), CancellationToken.None);

        Assert.Equal("opensAt", past.Error?.Field);
        Assert.Equal("opensAt", now.Error?.Field);
        Assert.Equal(("opensAt", "opensAt"), (dawnOfTime.Error?.Field, endOfTime.Error?.Field));
        Assert.Equal("randomness", unknown.Error?.Field);
        Assert.Equal((Drop.RandomnessCommitment, null), (commitment.Value!.Randomness, commitment.Value.Beacon));
    }
}

public sealed class SqliteSealedDropTests() : SealedDropContract(StorageProvider.Sqlite);

public sealed class PostgresSealedDropTests() : SealedDropContract(StorageProvider.Postgres);
