using System.Threading.Channels;
using Fairdrop.Core.Shoppers;

namespace Fairdrop.Drops.Entries;

/// <summary>
/// Asks the gate for verdicts on entering shoppers in batches: lookups that arrive while one is being answered go into
/// the next, one query per merchant, so a spike of storefront entries costs a query per batch rather than per entry
/// (it was a third of an entry's time). A lone lookup is a batch of one.
/// </summary>
internal sealed class VerdictBatcher
{
    private const int MaxBatch = 256;

    private readonly Channel<Lookup> _queue = Channel.CreateUnbounded<Lookup>(new UnboundedChannelOptions { SingleReader = true });
    private readonly IGateVerdicts _verdicts;

    public VerdictBatcher(IGateVerdicts verdicts)
    {
        _verdicts = verdicts;
        _ = Task.Run(RunAsync);
    }

    /// <summary>The shopper's latest block or challenge since <paramref name="since"/>, as <see cref="IGateVerdicts"/> answers it.</summary>
    public Task<GateVerdict?> LatestAsync(Guid merchantId, string shopperId, DateTimeOffset since)
    {
        var lookup = new Lookup(merchantId, shopperId, since, new TaskCompletionSource<GateVerdict?>(TaskCreationOptions.RunContinuationsAsynchronously));
        _queue.Writer.TryWrite(lookup);
        return lookup.Verdict.Task;
    }

    private async Task RunAsync()
    {
        var batch = new List<Lookup>(MaxBatch);
        while (await _queue.Reader.WaitToReadAsync())
        {
            while (batch.Count < MaxBatch && _queue.Reader.TryRead(out var lookup))
            {
                batch.Add(lookup);
            }

            // The earliest window of the batch covers every lookup's; a verdict older than a lookup's own window is dropped below.
            foreach (var group in batch.GroupBy(l => l.MerchantId))
            {
                try
                {
                    var shoppers = group.Select(l => l.ShopperId).ToHashSet(StringComparer.Ordinal);
                    var found = await _verdicts.LatestAsync(group.Key, shoppers, group.Min(l => l.Since), CancellationToken.None);
                    foreach (var lookup in group)
                    {
                        lookup.Verdict.TrySetResult(found.TryGetValue(lookup.ShopperId, out var verdict) && verdict.At >= lookup.Since ? verdict : null);
                    }
                }
                catch (Exception exception)
                {
                    foreach (var lookup in group)
                    {
                        lookup.Verdict.TrySetException(exception); // each entry fails as its own request would have
                    }
                }
            }

            batch.Clear();
        }
    }

    private sealed record Lookup(Guid MerchantId, string ShopperId, DateTimeOffset Since, TaskCompletionSource<GateVerdict?> Verdict);
}
