using Fairdrop.Core.Storage;
using Fairdrop.Drops.Model;

namespace Fairdrop.Drops.Tests;

/// <summary>The long poll of <see cref="DropCommands.PollEntryAsync"/>, on SQLite with time moved by hand.</summary>
public sealed class DropCommandsTests : IAsyncLifetime
{
    // A poll that sleeps where it should not would wait on the fake clock forever: fail instead of hanging.
    private readonly CancellationTokenSource _stuck = new(TimeSpan.FromSeconds(20));
    private DropHarness _h = null!;

    public async Task InitializeAsync() => _h = await DropHarness.CreateAsync(StorageProvider.Sqlite);

    public async Task DisposeAsync()
    {
        _stuck.Dispose();
        await _h.DisposeAsync();
    }

    [Fact]
    public async Task PollEntryAsync_TurnWithinTheWait_WaitsForIt_AndAnswersWithTheSaleToken()
    {
        var (drop, entered) = await EnterAsync(opensIn: TimeSpan.FromSeconds(10));

        var poll = _h.Commands.PollEntryAsync(drop.Id, entered.Entry.Id, entered.EntryKey, TimeSpan.FromSeconds(30), _stuck.Token);
        await AdvanceUntilAsync(poll);

        var view = (await poll).Value!;
        Assert.Equal(DropEntry.Admitted, view.Status);
        Assert.NotNull(view.SaleToken);
        Assert.True(_h.Time.GetUtcNow() >= drop.OpensAt);
    }

    [Fact]
    public async Task PollEntryAsync_TurnBeyondTheWait_HoldsForTheWait_AndAnswersWithTheWaitLeft()
    {
        var (drop, entered) = await EnterAsync(opensIn: TimeSpan.FromSeconds(10));

        var poll = _h.Commands.PollEntryAsync(drop.Id, entered.Entry.Id, entered.EntryKey, TimeSpan.FromSeconds(5), _stuck.Token);
        var answeredAt = await AdvanceUntilAsync(poll);

        var view = (await poll).Value!;
        Assert.Equal(DropEntry.Waiting, view.Status);
        Assert.Null(view.SaleToken);
        Assert.InRange(answeredAt - DropHarness.Start, TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(7)); // the turn, at 10 s, was not waited for
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-30)]
    public async Task PollEntryAsync_NoWait_AnswersAtOnce(int waitSeconds)
    {
        var (drop, entered) = await EnterAsync(opensIn: TimeSpan.FromSeconds(10));

        var view = (await _h.Commands.PollEntryAsync(drop.Id, entered.Entry.Id, entered.EntryKey, TimeSpan.FromSeconds(waitSeconds), _stuck.Token)).Value!;

        Assert.Equal(DropEntry.Waiting, view.Status);
        Assert.Null(view.SaleToken);
        Assert.Equal(DropHarness.Start, _h.Time.GetUtcNow());
    }

    [Fact]
    public async Task PollEntryAsync_WaitLongerThanTheLimit_StopsAtTheLimit()
    {
        var (drop, entered) = await EnterAsync(opensIn: DropCommands.MaxPollWait + TimeSpan.FromSeconds(5));

        var poll = _h.Commands.PollEntryAsync(drop.Id, entered.Entry.Id, entered.EntryKey, TimeSpan.FromHours(1), _stuck.Token);
        var answeredAt = await AdvanceUntilAsync(poll, step: TimeSpan.FromSeconds(1));

        Assert.Null((await poll).Value!.SaleToken);
        Assert.InRange(answeredAt - DropHarness.Start, DropCommands.MaxPollWait, DropCommands.MaxPollWait + TimeSpan.FromSeconds(3));
    }

    [Fact]
    public async Task EnsureOpenedAsync_NobodyEntered_OpensTheDropWithNoPlaces()
    {
        var drop = await _h.CreateDropAsync(new DropSpec("Empty", "sku-1", 5, DropHarness.Start.AddSeconds(10)));

        _h.Time.Advance(TimeSpan.FromSeconds(10));
        var opened = await _h.Commands.EnsureOpenedAsync(drop.Id, _stuck.Token);

        Assert.True(opened);
        Assert.NotNull((await _h.Store.GetAsync(drop.Id, null, _stuck.Token))!.PlacedAt);
    }

    [Fact]
    public async Task PollEntryAsync_WrongKey_IsNotFound()
    {
        var (drop, entered) = await EnterAsync(opensIn: TimeSpan.FromSeconds(10));

        var result = await _h.Commands.PollEntryAsync(drop.Id, entered.Entry.Id, "not-the-key", TimeSpan.FromSeconds(30), _stuck.Token);

        Assert.Equal(Fairdrop.Core.Errors.ErrorCodes.NotFound, result.Error?.Code);
    }

    /// <summary>Moves the fake clock in small steps until the poll answers; the clock's time when it did.</summary>
    private async Task<DateTimeOffset> AdvanceUntilAsync(Task poll, TimeSpan? step = null)
    {
        for (var i = 0; i < 1000 && !poll.IsCompleted; i++)
        {
            _h.Time.Advance(step ?? TimeSpan.FromMilliseconds(100));
            await Task.Delay(5); // lets the poll reach its timer before the clock moves again
        }

        await poll;
        return _h.Time.GetUtcNow();
    }

    private async Task<(Drop Drop, EnteredDrop Entered)> EnterAsync(TimeSpan opensIn)
    {
        var drop = await _h.CreateDropAsync(new DropSpec("Drop", "sku-1", 5, DropHarness.Start + opensIn));
        var entered = (await _h.EnterAsync(drop, "alice")).Value!;
        return (drop, entered);
    }
}
