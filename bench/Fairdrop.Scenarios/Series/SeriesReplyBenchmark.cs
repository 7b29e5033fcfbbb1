using System.Diagnostics;
using Fairdrop.Exchange.Dispatch;
using Fairdrop.Exchange.Inbound;
using Fairdrop.Exchange.Series;
using Microsoft.Extensions.DependencyInjection;

namespace Fairdrop.Scenarios.Series;

/// <summary>
/// In-app replies "Hold my pair" from the same users, through the exchange's inbound path: to the series' first
/// message (a real restock hold, then a goto whose message is written through the exchange's intake, in the
/// conversation's transaction) and, as the baseline, to the plain distribution's message (stored and recorded as
/// engagement; no series acts). Both with the same number of concurrent workers, in alternating slices.
/// </summary>
internal static class SeriesReplyBenchmark
{
    private const int SlicePerWorker = 25;

    public static async Task<SeriesReplyResult> RunAsync(
        SeriesBenchShop shop, SeriesLaunchResult launches, int warm, int replies, int concurrency, Action<string> progress, CancellationToken cancellationToken)
    {
        var plainInbox = await shop.InboxOfAsync(launches.PlainDistribution, cancellationToken);
        var seriesInbox = await shop.InboxOfAsync(launches.LaunchDistribution, cancellationToken);
        var inbound = shop.Services.GetRequiredService<InboundService>();
        var recorded = new Side(inbound, shop.MerchantId, plainInbox, series: false);
        var acting = new Side(inbound, shop.MerchantId, seriesInbox, series: true);

        progress($"replies: {warm:N0} of each to warm up");
        await recorded.ReplyAsync(0, warm, concurrency, cancellationToken);
        await acting.ReplyAsync(0, warm, concurrency, cancellationToken);
        progress($"replies: {replies:N0} of each, {concurrency} workers, alternating slices");
        var slice = SlicePerWorker * concurrency;
        var (recordedTime, actingTime) = (TimeSpan.Zero, TimeSpan.Zero);
        for (var from = warm; from < warm + replies; from += slice)
        {
            var to = Math.Min(from + slice, warm + replies);
            var actingFirst = (from - warm) / slice % 2 == 1;
            if (actingFirst)
            {
                actingTime += await acting.ReplyAsync(from, to, concurrency, cancellationToken);
            }

            recordedTime += await recorded.ReplyAsync(from, to, concurrency, cancellationToken);
            if (!actingFirst)
            {
                actingTime += await acting.ReplyAsync(from, to, concurrency, cancellationToken);
            }
        }

        // What the actions did: a hold each, and the next step's message, which reaches the inbox once dispatched.
        var holds = await shop.CountAsync("SELECT COUNT(*) FROM restock_holds WHERE merchant_id = @MerchantId AND released_at IS NULL", new { shop.MerchantId }, cancellationToken);
        var dispatcher = shop.Services.GetRequiredService<DeliveryDispatcher>();
        while (await dispatcher.DispatchOnceAsync(cancellationToken) > 0)
        {
        }

        var held = await shop.CountAsync("SELECT COUNT(*) FROM exchange_inbox WHERE merchant_id = @MerchantId AND title = @title", new { shop.MerchantId, title = SeriesBenchShop.HeldTitle }, cancellationToken);
        return new SeriesReplyResult(replies / recordedTime.TotalSeconds, replies / actingTime.TotalSeconds, holds, held);
    }

    private sealed class Side(InboundService inbound, Guid merchantId, Dictionary<string, Guid> inbox, bool series)
    {
        /// <summary>Users <paramref name="from"/>..<paramref name="to"/> reply, <paramref name="concurrency"/> at a time; the time it took.</summary>
        public async Task<TimeSpan> ReplyAsync(int from, int to, int concurrency, CancellationToken cancellationToken)
        {
            var clock = Stopwatch.StartNew();
            await Parallel.ForAsync(from, to, new ParallelOptions { MaxDegreeOfParallelism = concurrency, CancellationToken = cancellationToken }, async (i, token) =>
            {
                var user = SeriesBenchShop.UserId(i);
                var routed = await inbound.ReplyInAppAsync(merchantId, user, inbox[user], SeriesBenchShop.HoldButton, series ? $"series-{i}" : $"plain-{i}", token);
                if (!routed.TryGetValue(out var result, out var error))
                {
                    throw new InvalidOperationException($"{error.Code}: {error.Message}");
                }

                var outcome = result.Series?.Outcome;
                if (result.Duplicate || (series ? outcome != SeriesOutcomes.Acted : outcome is not null))
                {
                    throw new InvalidOperationException($"Reply of {user}: {outcome ?? "no series"}{(result.Duplicate ? ", duplicate" : string.Empty)} ({result.Series?.Message}).");
                }
            });
            return clock.Elapsed;
        }
    }
}

/// <summary>Replies per second recorded alone and handled with their actions, the holds placed and the next-step messages in inboxes.</summary>
internal sealed record SeriesReplyResult(double RecordedPerSecond, double ActingPerSecond, long Holds, long NextStepMessages);
