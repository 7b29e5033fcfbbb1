using System.Runtime.CompilerServices;
using Microsoft.Extensions.Options;

namespace Fairdrop.Gate.Activity;

/// <summary>
/// Activity in this process: 64 shards, each a dictionary from identity hash to an
/// <see cref="ActivityRing"/> under its own lock. Exact within the horizon (up to
/// <see cref="ActivityOptions.MaxEventsPerIdentity"/> events per identity), bounded in identities
/// and in event memory, evicting by age. Completes synchronously and allocates nothing in steady state.
/// </summary>
public sealed class MemoryActivityStore : IActivityStore
{
    /// <summary>Bytes per stored event (<see cref="ActivityEvent"/>).</summary>
    public const int EventBytes = 32;

    /// <summary>Bytes an identity costs besides its events: dictionary entry, ring object, array header.</summary>
    public const int IdentityOverheadBytes = 112;

    private const int ShardCount = 64;
    private readonly Shard[] _shards;
    private readonly long _horizon;
    private readonly int _maxPerShard;
    private readonly int _maxEvents;
    private readonly long _slotBudget;
    private readonly Func<int, bool> _reserve;
    private long _slots;

    public MemoryActivityStore(IOptions<ActivityOptions> options)
    {
        var o = options.Value;
        _horizon = (long)o.Horizon.TotalMilliseconds;
        _maxPerShard = Math.Max(1, o.MaxIdentities / ShardCount);
        _maxEvents = (int)System.Numerics.BitOperations.RoundUpToPowerOf2((uint)o.MaxEventsPerIdentity);
        _slotBudget = (long)o.MaxEventMemoryMegabytes * 1024 * 1024 / EventBytes;
        _reserve = Reserve;
        _shards = new Shard[ShardCount];
        for (var i = 0; i < ShardCount; i++)
        {
            _shards[i] = new Shard();
        }
    }

    /// <summary>Identities held now.</summary>
    public int IdentityCount
    {
        get
        {
            var total = 0;
            foreach (var shard in _shards)
            {
                lock (shard)
                {
                    total += shard.Rings.Count;
                }
            }

            return total;
        }
    }

    /// <summary>Event slots allocated now, across all rings.</summary>
    public long EventSlots => Interlocked.Read(ref _slots);

    /// <summary>The most this store can hold, in bytes: the configured bound it is built to keep.</summary>
    public long MemoryBoundBytes => ((long)_maxPerShard * ShardCount * (IdentityOverheadBytes + (ActivityRing.InitialCapacity * EventBytes))) + (_slotBudget * EventBytes);

    public ValueTask ObserveAsync(Identities identities, int actionId, long nowMilliseconds, IReadOnlyList<ActivityQuery> queries, long[] results, CancellationToken cancellationToken)
    {
        for (var q = 0; q < queries.Count; q++)
        {
            results[q] = queries[q].Function == ActivityFunction.SinceLast ? long.MaxValue : 0;
        }

        var item = new ActivityEvent
        {
            At = nowMilliseconds,
            Action = actionId,
            Customer = StableHash.Fold(identities.Customer),
            Session = StableHash.Fold(identities.Session),
            Ip = StableHash.Fold(identities.Ip),
            Device = StableHash.Fold(identities.Device),
        };
        Observe(IdentityKind.Customer, identities.Customer, item, queries, results);
        Observe(IdentityKind.Session, identities.Session, item, queries, results);
        Observe(IdentityKind.Ip, identities.Ip, item, queries, results);
        Observe(IdentityKind.Device, identities.Device, item, queries, results);
        return ValueTask.CompletedTask;
    }

    /// <summary>Drops identities idle for longer than the horizon; returns how many.</summary>
    public int Sweep(long nowMilliseconds)
    {
        var removed = 0;
        foreach (var shard in _shards)
        {
            lock (shard)
            {
                removed += EvictIdle(shard, nowMilliseconds - _horizon);
            }
        }

        return removed;
    }

    private void Observe(IdentityKind kind, ulong identity, in ActivityEvent item, IReadOnlyList<ActivityQuery> queries, long[] results)
    {
        if (identity == 0)
        {
            return;
        }

        var shard = _shards[(int)(identity % ShardCount)];
        var now = item.At;
        var horizonStart = now - _horizon;
        lock (shard)
        {
            ref var ring = ref System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrNullRef(shard.Rings, identity);
            if (Unsafe.IsNullRef(ref ring))
            {
                if (shard.Rings.Count >= _maxPerShard)
                {
                    MakeRoom(shard, horizonStart);
                }

                var created = new ActivityRing();
                Interlocked.Add(ref _slots, created.Capacity);
                shard.Rings.Add(identity, created);
                created.Append(item, horizonStart, _maxEvents, _reserve);
                return;
            }

            for (var q = 0; q < queries.Count; q++)
            {
                var query = queries[q];
                if (query.Identity != kind)
                {
                    continue;
                }

                results[q] = query.Function switch
                {
                    ActivityFunction.SinceLast => ring.SinceLast(query.ActionId, now, horizonStart),
                    ActivityFunction.Count => ring.Count(query.ActionId, now, query.WindowMilliseconds),
                    _ => ring.Distinct(query.Other, now, query.WindowMilliseconds),
                };
            }

            ring.Append(item, horizonStart, _maxEvents, _reserve);
        }
    }

    private bool Reserve(int slots)
    {
        if (Interlocked.Add(ref _slots, slots) <= _slotBudget)
        {
            return true;
        }

        Interlocked.Add(ref _slots, -slots);
        return false;
    }

    private void MakeRoom(Shard shard, long horizonStart)
    {
        if (EvictIdle(shard, horizonStart) > 0)
        {
            return;
        }

        // Everyone is within the horizon: drop the idlest eighth, found from a sample of last-seen times.
        var sample = new List<long>(64);
        foreach (var ring in shard.Rings.Values)
        {
            sample.Add(ring.LastSeen);
            if (sample.Count == 64)
            {
                break;
            }
        }

        sample.Sort();
        EvictIdle(shard, sample[sample.Count / 8] + 1);
    }

    private int EvictIdle(Shard shard, long idleBefore)
    {
        var removed = 0;
        foreach (var (key, ring) in shard.Rings)
        {
            if (ring.LastSeen < idleBefore)
            {
                shard.Rings.Remove(key);
                Interlocked.Add(ref _slots, -ring.Capacity);
                removed++;
            }
        }

        return removed;
    }

    private sealed class Shard
    {
        public Dictionary<ulong, ActivityRing> Rings { get; } = [];
    }
}
