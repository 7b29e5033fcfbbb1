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
        for (var i = 0; i < 600 && !poll.IsCompleted; i++)
        {
            _h.Time.Advance(TimeSpan.FromMilliseconds(100));
            await Task.Delay(5); // lets the poll reach its timer before the clock moves again
        }

        var view = (await poll).Value!;
        Assert.Equal(DropEntry.Admitted, view.Status);
        Assert.NotNull(view.SaleToken);
        Assert.True(_h.Time.GetUtcNow() >= drop.OpensAt);
    }

    [Theory]
    [InlineData(5)]
    [InlineData(0)]
    [InlineData(-30)]
    public async Task PollEntryAsync_TurnBeyondTheWait_AnswersAtOnce_WithoutAToken(int waitSeconds)
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
        var (drop, entered) = await EnterAsync(opensIn: DropCommands.MaxPollWait + TimeSpan.FromSeconds(1));

        var view = (await _h.Commands.PollEntryAsync(drop.Id, entered.Entry.Id, entered.EntryKey, TimeSpan.FromHours(1), _stuck.Token)).Value!;

        Assert.Null(view.SaleToken);
        Assert.Equal(DropHarness.Start, _h.Time.GetUtcNow());
    }

    [Fact]
    public async Task PollEntryAsync_WrongKey_IsNotFound()
    {
        var (drop, entered) = await EnterAsync(opensIn: TimeSpan.FromSeconds(10));

        var result = await _h.Commands.PollEntryAsync(drop.Id, entered.Entry.Id, "not-the-key", TimeSpan.FromSeconds(30), _stuck.Token);

        Assert.Equal(Fairdrop.Core.Errors.ErrorCodes.NotFound, result.Error?.Code);
    }

    private async Task<(Drop Drop, EnteredDrop Entered)> EnterAsync(TimeSpan opensIn)
    {
        var drop = await _h.CreateDropAsync(new DropSpec("Drop", "sku-1", 5, DropHarness.Start + opensIn));
        var entered = (await _h.EnterAsync(drop, "alice")).Value!;
        return (drop, entered);
    }
}
