using System.Collections.Concurrent;
using Fairdrop.Gate.Language;

namespace Fairdrop.Gate.Engine;

/// <summary>
/// Bounds the rule checks running at once: a few per merchant, and no more in all than the machine
/// has cores, so one key posting large files in a loop cannot take every thread (or every
/// merchant's turn). A check that finds no slot is refused at once rather than queued.
/// </summary>
public sealed class RuleCheckSlots
{
    private readonly ConcurrentDictionary<Guid, int> _perMerchant = new();
    private readonly int _total;
    private int _running;

    public RuleCheckSlots()
        : this(Math.Max(2, Environment.ProcessorCount))
    {
    }

    internal RuleCheckSlots(int total) => _total = total;

    /// <summary>Takes a slot for <paramref name="merchantId"/>; null when none is free. Dispose the lease to give it back.</summary>
    public Lease? TryEnter(Guid merchantId)
    {
        if (Interlocked.Increment(ref _running) > _total)
        {
            Interlocked.Decrement(ref _running);
            return null;
        }

        var mine = _perMerchant.AddOrUpdate(merchantId, 1, static (_, n) => n + 1);
        if (mine > RuleLimits.MaxConcurrentChecksPerMerchant)
        {
            Release(merchantId);
            return null;
        }

        return new Lease(this, merchantId);
    }

    private void Release(Guid merchantId)
    {
        // Entries at zero stay: one int per merchant that ever checked, and no remove-while-incrementing race.
        _perMerchant.AddOrUpdate(merchantId, 0, static (_, n) => n - 1);
        Interlocked.Decrement(ref _running);
    }

    /// <summary>A held slot.</summary>
    public sealed class Lease : IDisposable
    {
        private RuleCheckSlots? _owner;
        private readonly Guid _merchantId;

        internal Lease(RuleCheckSlots owner, Guid merchantId) => (_owner, _merchantId) = (owner, merchantId);

        public void Dispose() => Interlocked.Exchange(ref _owner, null)?.Release(_merchantId);
    }
}
