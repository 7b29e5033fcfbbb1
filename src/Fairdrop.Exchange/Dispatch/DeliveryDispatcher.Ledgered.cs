using Fairdrop.Exchange.Channels;
using Fairdrop.Exchange.Deliveries;
using Fairdrop.Exchange.Matching;
using Fairdrop.Exchange.Telemetry;

namespace Fairdrop.Exchange.Dispatch;

/// <summary>
/// Dispatch with an in-flight bound (docs/adr/0014, 0017): each delivery enters the send ledger before its channel is
/// handed it, and leaves it when its outcome is recorded.
/// </summary>
internal sealed partial class DeliveryDispatcher
{
    /// <summary>
    /// Each delivery enters the send ledger before its channel is handed it, and its outcome is recorded as soon as
    /// it is known (group commits, <see cref="SendLedger"/>), so a crash leaves at most the in-flight bound per channel
    /// unknown, whatever the batch size.
    /// </summary>
    private async Task<int> DispatchLedgeredAsync(IReadOnlyList<ClaimedDelivery> claimed, DateTimeOffset leaseUntil, CancellationToken cancellationToken)
    {
        // A delivery is handed to its channel only while a quarter of its lease is left: past that, another loop or
        // node may claim it any moment, and the two would send it side by side.
        var handOverUntil = leaseUntil - (options.Value.ClaimLease / 4);
        var attempts = claimed.Select(d => new Attempt(d, handOverUntil)).ToArray();
        var sending = new List<Task>();
        using var page = journal.Enabled ? journal.Open(ledger.Free) : null;
        try
        {
            var batch = await LoadAsync(claimed, cancellationToken);
            var parallel = new ParallelOptions { MaxDegreeOfParallelism = options.Value.DispatchConcurrency, CancellationToken = cancellationToken };
            if (page is not null)
            {
                // A start in the journal is one write, not a commit: each delivery enters on its own, just before its
                // channel is called, and the batch is sent as one stream.
                await Parallel.ForEachAsync(attempts, parallel, (attempt, token) => new ValueTask(StartSendAndRecordAsync(attempt, batch, page, token)));
                return claimed.Count;
            }

            foreach (var slice in attempts.Chunk(ledger.SliceSize))
            {
                if (time.GetUtcNow() >= handOverUntil)
                {
                    // Not ours much longer: left as claimed, for whoever claims them once the lease has run out.
                    Array.ForEach(slice, a => a.LeaseLost = true);
                    continue;
                }

                // Held ones are never handed over; the rest enter the ledger together, while the slice before is sent.
                var handed = slice.Where(a => !(a.Delivery.Uncertain && options.Value.RecoveryOf(ChannelNames.Parse(a.Delivery.Channel)) == RecoveryPolicy.Hold)).ToList();
                await ledger.StartManyAsync([.. handed.Select(a => (a.Delivery, ChannelNames.Parse(a.Delivery.Channel)))], cancellationToken);
                handed.ForEach(a => a.Started = ChannelNames.Parse(a.Delivery.Channel));

                // This slice is sent while the next one is started; at most two slices are sent at once.
                if (sending.Count > 0)
                {
                    await sending[^1];
                }

                sending.Add(Parallel.ForEachAsync(slice, parallel, (attempt, token) => new ValueTask(SendAndRecordAsync(attempt, batch, page, token))));
            }

            await Task.WhenAll(sending);
        }
        finally
        {
            ledger.FlushSoon();
            // Untried claims go back at once when stopping; after an unexpected error they wait out their lease. One
            // started but never handed to its channel is given back too (its ledger row goes with it); one handed over
            // whose outcome is unknown stays in the ledger and is found uncertain when its lease runs out.
            await Task.WhenAll(sending.Select(t => t.ContinueWith(static _ => { }, TaskScheduler.Default)));
            var now = time.GetUtcNow();
            foreach (var attempt in attempts.Where(a => a.Recorded is null && !a.Handed && !a.LeaseLost && (a.Started is not null || cancellationToken.IsCancellationRequested)))
            {
                attempt.Recorded = ledger.RecordAsync(DeliveryOutcome.Release(attempt.Delivery, now), null, attempt.Started, page);
            }

            ledger.FlushSoon();
            await Task.WhenAll(attempts.Select(a => a.Recorded).OfType<Task>());
            if (page is not null)
            {
                await page.CompleteAsync(outcomeStore, time.GetUtcNow());
            }
        }

        return claimed.Count;
    }

    private async Task StartSendAndRecordAsync(Attempt attempt, BatchLookups batch, JournalSegment page, CancellationToken cancellationToken)
    {
        if (time.GetUtcNow() >= attempt.HandOverUntil)
        {
            attempt.LeaseLost = true; // left as claimed, for whoever claims it once the lease has run out
            return;
        }

        var channel = ChannelNames.Parse(attempt.Delivery.Channel);
        if (!(attempt.Delivery.Uncertain && options.Value.RecoveryOf(channel) == RecoveryPolicy.Hold))
        {
            await ledger.StartAsync(attempt.Delivery, channel, page, journal, cancellationToken);
            attempt.Started = channel;
        }

        await SendAndRecordAsync(attempt, batch, page, cancellationToken);
    }

    private async Task SendAndRecordAsync(Attempt attempt, BatchLookups batch, JournalSegment? page, CancellationToken cancellationToken)
    {
        attempt.Page = page;
        var outcome = await SendAsync(attempt, batch, cancellationToken);
        if (!attempt.LeaseLost)
        {
            attempt.Recorded = ledger.RecordAsync(outcome, engagement.ForOutcome(outcome), attempt.Started, page);
        }
    }

    private async Task<SendOutcome> HandToChannelAsync(Attempt attempt, IChannel provider, Channel channel, OutboundMessage message, CancellationToken cancellationToken)
    {
        if (!ledger.Enabled)
        {
            return await provider.SendAsync(message, cancellationToken);
        }

        if (time.GetUtcNow() >= attempt.HandOverUntil)
        {
            // Not ours much longer: left as claimed, for whoever claims it once the lease has run out, and taken back
            // out of the ledger first (a quarter of the lease is left, so nobody has claimed it yet).
            attempt.LeaseLost = true;
            if (attempt.Started is not null)
            {
                attempt.Recorded = ledger.WithdrawAsync(attempt.Delivery, channel, attempt.Page);
            }

            metrics.Send(attempt.Delivery.Channel, "lease_lost");
            return SendOutcome.Transient("lease lost");
        }

        attempt.Handed = true;
        if (attempt.Delivery.Uncertain)
        {
            metrics.Send(attempt.Delivery.Channel, "resent_after_crash");
            Log.DeliveryResent(logger, attempt.Delivery.Id, attempt.Delivery.Channel);
        }

        try
        {
            return await provider.SendAsync(message, cancellationToken);
        }
        catch
        {
            // Handed over, fate unknown: it stays in the ledger (uncertain once its lease runs out); only the slot is freed.
            ledger.Abandon(channel);
            throw;
        }
    }

    /// <summary>One claimed delivery on its way: whether it was handed to a channel, and the recording of its outcome.</summary>
    private sealed class Attempt(ClaimedDelivery delivery, DateTimeOffset handOverUntil)
    {
        public ClaimedDelivery Delivery { get; } = delivery;

        /// <summary>The last instant its channel may be handed it: the claim's lease less a margin.</summary>
        public DateTimeOffset HandOverUntil { get; } = handOverUntil;

        /// <summary>Too little lease was left to hand it over: nothing is recorded, the next claim takes it.</summary>
        public bool LeaseLost { get; set; }

        /// <summary>Its channel, once it is in the send ledger (about to be handed over); null before.</summary>
        public Channel? Started { get; set; }

        /// <summary>Its channel was called: from here its fate is unknown until the channel answers.</summary>
        public bool Handed { get; set; }

        public Task? Recorded { get; set; }

        /// <summary>The batch's send journal page, when the node journals (<see cref="SendJournal"/>).</summary>
        public JournalSegment? Page { get; set; }
    }
}
