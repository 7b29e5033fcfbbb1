using Fairdrop.Core.Storage;
using Fairdrop.Exchange.Inbound;
using Fairdrop.Exchange.Tests.Support;
using Fairdrop.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Fairdrop.Exchange.Tests.Engagement;

/// <summary>
/// The batch handlers' queue (docs/adr/0028) on SQLite and PostgreSQL alike: an SMS waits, stored, until it is handled;
/// each is handed over once, in the order received, a replay never; a message a handler fails on is skipped alone.
/// </summary>
public abstract class InboundBatchContract
{
    private const string Ana = "+14155550101";
    private static readonly CancellationToken None = CancellationToken.None;

    protected abstract StorageProvider Provider { get; }

    [SkippableFact]
    public async Task HandleWaiting_TwoTextsAndAReplay_HandedOnceInOrderReplayNever()
    {
        var handler = new CollectingBatchHandler();
        await using var h = await ExchangeHarness.CreateAsync(Provider, configure: s => s.AddSingleton<IInboundBatchHandler>(handler));
        var inbound = h.Get<InboundService>();

        await inbound.ReceiveSmsAsync(h.MerchantId, "SM1", Ana, null, "DROPS", None);
        await inbound.ReceiveSmsAsync(h.MerchantId, "SM2", Ana, null, "Y", None);
        await inbound.ReceiveSmsAsync(h.MerchantId, "SM1", Ana, null, "DROPS", None);
        var beforeHandling = handler.Batches.Count;
        var handled = await inbound.HandleWaitingAsync(None);
        var replay = await inbound.ReceiveSmsAsync(h.MerchantId, "SM2", Ana, null, "Y", None);
        var again = await inbound.HandleWaitingAsync(None);

        Assert.Equal(0, beforeHandling);
        Assert.Equal(2, handled);
        Assert.Equal(["DROPS", "Y"], Assert.Single(handler.Batches));
        Assert.True(replay.Value!.Duplicate);
        Assert.Equal(0, again);
        Assert.All(await inbound.ListAsync(h.MerchantId, null, null, 10, None), m => Assert.EndsWith("(handled)", m.Body, StringComparison.Ordinal));
    }

    [SkippableFact]
    public async Task HandleWaiting_HandlerFailsOnOneMessage_OthersTakeEffectFailedOneSkippedRolledBack()
    {
        var handler = new CollectingBatchHandler();
        await using var h = await ExchangeHarness.CreateAsync(Provider, configure: s => s.AddSingleton<IInboundBatchHandler>(handler));
        var inbound = h.Get<InboundService>();

        await inbound.ReceiveSmsAsync(h.MerchantId, "SM1", Ana, null, "one", None);
        await inbound.ReceiveSmsAsync(h.MerchantId, "SM2", Ana, null, CollectingBatchHandler.Poison, None);
        await inbound.ReceiveSmsAsync(h.MerchantId, "SM3", Ana, null, "three", None);
        var handled = await inbound.HandleWaitingAsync(None);
        var again = await inbound.HandleWaitingAsync(None);
        var bodies = (await inbound.ListAsync(h.MerchantId, null, null, 10, None)).Select(m => m.Body).Order(StringComparer.Ordinal).ToList();

        Assert.Equal(3, handled);
        Assert.Equal(0, again);
        Assert.Equal([["one"], ["three"]], handler.Batches);
        Assert.Equal([CollectingBatchHandler.Poison, "one (handled)", "three (handled)"], bodies);
    }
}

public sealed class SqliteInboundBatchTests : InboundBatchContract
{
    protected override StorageProvider Provider => StorageProvider.Sqlite;
}

public sealed class PostgresInboundBatchTests : InboundBatchContract
{
    protected override StorageProvider Provider => StorageProvider.Postgres;
}
