using Dapper;
using Fairdrop.Core.Storage;
using Fairdrop.Drops.Model;
using Fairdrop.Drops.Polling;

namespace Fairdrop.Drops.Tests;

/// <summary>
/// Status polls answered from memory (<see cref="EntryPollView"/>): a waiting shopper whose turn is still ahead costs no
/// database read, and still gets exactly what the database would say; at the turn the database answers again.
/// </summary>
public sealed class EntryPollViewTests : IAsyncLifetime
{
    private DropHarness _h = null!;

    public async Task InitializeAsync() => _h = await DropHarness.CreateAsync(StorageProvider.Sqlite);

    public async Task DisposeAsync() => await _h.DisposeAsync();

    [Fact]
    public async Task SettledEntry_IsAnsweredFromMemory_WithTheSamePlaceAndAShrinkingWait()
    {
        var (drop, entries) = await OpenedDropAsync(shoppers: 3);
        var last = entries.MaxBy(e => PlaceOf(e))!;
        var first = await StatusAsync(drop, last);

        await ForgetEntryRowsAsync(drop); // from here on, only memory can answer for the settled entry
        _h.Time.Advance(TimeSpan.FromSeconds(10));
        var second = await StatusAsync(drop, last);

        Assert.Equal(first.Place, second.Place);
        Assert.Equal(DropEntry.Waiting, second.Status);
        Assert.Equal(first.ExpectedWaitSeconds!.Value - 10, second.ExpectedWaitSeconds!.Value, precision: 3);
    }

    [Fact]
    public async Task SettledEntry_WrongKey_IsNotFound_FromMemoryToo()
    {
        var (drop, entries) = await OpenedDropAsync(shoppers: 2);
        var last = entries.MaxBy(e => PlaceOf(e))!;
        await StatusAsync(drop, last);

        var wrong = await _h.Checkout.StatusAsync(drop.Id, last.Entry.Id, "not-the-key", CancellationToken.None);

        Assert.Equal(Fairdrop.Core.Errors.ErrorCodes.NotFound, wrong.Error?.Code);
    }

    [Fact]
    public async Task AtItsTurn_TheEntryIsAnsweredByTheDatabase_WithASaleToken()
    {
        var (drop, entries) = await OpenedDropAsync(shoppers: 2);
        var last = entries.MaxBy(e => PlaceOf(e))!;
        var waiting = await StatusAsync(drop, last);

        _h.Time.Advance(TimeSpan.FromSeconds(waiting.ExpectedWaitSeconds!.Value));
        var turn = await StatusAsync(drop, last);

        Assert.Equal(DropEntry.Admitted, turn.Status);
        Assert.NotNull(turn.SaleToken);
    }

    [Fact]
    public async Task SoldOut_ReachesRememberedEntries_WithinTheDropsFreshness()
    {
        var (drop, entries) = await OpenedDropAsync(shoppers: 3);
        var last = entries.MaxBy(e => PlaceOf(e))!;
        await StatusAsync(drop, last);
        await using (var connection = await _h.Db.Factory.OpenAsync(CancellationToken.None))
        {
            await connection.ExecuteAsync("UPDATE drops SET units_sold = units WHERE id = @id", new { id = drop.Id });
        }

        _h.Time.Advance(EntryPollView.DropFreshness);
        var view = await StatusAsync(drop, last);

        Assert.Equal(Model.Drop.SoldOut, view.Status);
        Assert.Equal(0, view.UnitsLeft);
    }

    [Theory]
    [InlineData(DropEntry.Waiting, 3L, 60, true)]    // placed, turn ahead
    [InlineData(DropEntry.Waiting, 3L, -1, false)]   // placed, turn come: the token is issued by the database
    [InlineData(DropEntry.Held, 3L, null, true)]      // a held bot never advances
    [InlineData(DropEntry.Admitted, 3L, -1, false)]  // a token that expires
    [InlineData(DropEntry.Purchased, 3L, -1, false)]
    public void IsSettled_PlacedEntries(string status, long? place, int? readyInSeconds, bool settled)
    {
        var drop = Drop(placed: true, opensIn: TimeSpan.FromMinutes(-1));
        var entry = Entry(drop, status, place, readyInSeconds is { } s ? DropHarness.Start.AddSeconds(s) : null);

        Assert.Equal(settled, EntryPollView.IsSettled(drop, entry, DropHarness.Start));
    }

    [Theory]
    [InlineData(60, false, true)]   // the pre-queue before opening
    [InlineData(-1, false, false)]  // opening has come: placement may be under way
    [InlineData(60, true, false)]   // placed already (an opening moved forward)
    public void IsSettled_UnplacedEntries(int opensInSeconds, bool placed, bool settled)
    {
        var drop = Drop(placed, TimeSpan.FromSeconds(opensInSeconds));

        Assert.Equal(settled, EntryPollView.IsSettled(drop, Entry(drop, DropEntry.Waiting, null, null), DropHarness.Start));
    }

    private async Task<(Drop Drop, List<EnteredDrop> Entries)> OpenedDropAsync(int shoppers)
    {
        var drop = await _h.CreateDropAsync(new DropSpec("Drop", "sku-1", 5, DropHarness.Start.AddSeconds(10), AdmitIntervalMs: 60_000));
        var entries = new List<EnteredDrop>();
        for (var i = 0; i < shoppers; i++)
        {
            entries.Add((await _h.EnterAsync(drop, $"shopper-{i}")).Value!);
        }

        _h.Time.Advance(TimeSpan.FromSeconds(10));
        Assert.True(await _h.Commands.EnsureOpenedAsync(drop.Id, CancellationToken.None));
        _placesById = (await _h.Store.EntriesAsync(drop.Id, CancellationToken.None)).ToDictionary(e => e.Id, e => e.Place!.Value);
        return (drop, entries);
    }

    private Dictionary<Guid, long> _placesById = [];

    private long PlaceOf(EnteredDrop entered) => _placesById[entered.Entry.Id];

    private async Task<EntryView> StatusAsync(Drop drop, EnteredDrop entered) =>
        (await _h.Checkout.StatusAsync(drop.Id, entered.Entry.Id, entered.EntryKey, CancellationToken.None)).Value!;

    private async Task ForgetEntryRowsAsync(Drop drop)
    {
        await using var connection = await _h.Db.Factory.OpenAsync(CancellationToken.None);
        await connection.ExecuteAsync("UPDATE drop_entries SET entry_key_hash = X'00', status = 'missed' WHERE drop_id = @id", new { id = drop.Id });
    }

    private static Drop Drop(bool placed, TimeSpan opensIn) => new(
        Guid.NewGuid(), Guid.NewGuid(), "d", "sku", 5, 0, 1, DropHarness.Start, DropHarness.Start + opensIn, DropHarness.Start.AddDays(1), 100, 120_000,
        0.2, Model.Drop.BotPolicyDelay, 10, 0.8, "c", [], [], placed ? Model.Drop.Open : Model.Drop.Scheduled, placed ? DropHarness.Start : null, DropHarness.Start,
        Model.Drop.LateFirstComeFirstServed, 0, false, Model.Drop.CurrentOrderVersion, Model.Drop.RandomnessCommitment, null, null, null, null);

    private static DropEntry Entry(Drop drop, string status, long? place, DateTimeOffset? readyAt) => new(
        Guid.NewGuid(), drop.Id, "shopper", 1, DropHarness.Start, false, false, place, readyAt, status, null, null, true, DropEntry.FromStorefront, null, null);
}
