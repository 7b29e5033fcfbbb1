using System.Runtime.CompilerServices;
using Microsoft.Extensions.Options;

namespace Fairdrop.Gate.Activity;

/// <summary>
/// Activity in this process: 64 shards, each a dictionary from identity hash to an
/// <see cref="IdentityActivity"/> under its own lock. Every activity function is answered from an
/// index (last time per action, sorted times per action, last time per peer), never by scanning
/// history. Exact within the horizon (up to <see cref="ActivityOptions.MaxEventsPerIdentity"/>
/// events per action and peers per identity), bounded in identities and in memory, evicting by age.
/// Completes synchronously and allocates nothing once an identity's structures have grown.
/// </summary>
public sealed class MemoryActivityStore : IActivityStore
{
    /// <summary>Bytes a new identity costs: the dictionary entry and its index with room for one action, two times and three peers.</summary>
    public const int IdentityBytes = IdentityActivity.CreatedBytes;

    private const int ShardCount = 64;
    private readonly Shard[] _shards;
    private readonly long _horizon;
    private readonly int _maxPerShard;
    private readonly int _maxEvents;
    private readonly long _budget;
    private readonly Func<int, bool> _reserve;
    private readonly Action<IdentityActivity> _release;
    private long _warmed;
    private QueryPlan _plan = QueryPlan.Empty;
    private long _reserved;

    public MemoryActivityStore(IOptions<ActivityOptions> options)
    {
        var o = options.Value;
        _horizon = (long)o.Horizon.TotalMilliseconds;
        _maxPerShard = Math.Max(1, o.MaxIdentities / ShardCount);
        _maxEvents = (int)System.Numerics.BitOperations.RoundUpToPowerOf2((uint)o.MaxEventsPerIdentity);
        _budget = (long)o.MaxEventMemoryMegabytes * 1024 * 1024;
        _reserve = Reserve;
        _release = activity => Interlocked.Add(ref _reserved, -activity.GrownBytes);
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
                    total += shard.Table.Count;
                }
            }

            return total;
        }
    }

    /// <summary>Bytes reserved from the <see cref="ActivityOptions.MaxEventMemoryMegabytes"/> budget by identities that grew beyond their first slots.</summary>
    public long GrownBytes => Interlocked.Read(ref _reserved);

    /// <summary>The most this store can hold, in bytes: the configured bound it is built to keep.</summary>
    public long MemoryBoundBytes => ((long)_maxPerShard * ShardCount * IdentityBytes) + _budget;

    public ValueTask ObserveAsync(Identities identities, int actionId, long nowMilliseconds, IReadOnlyList<ActivityQuery> queries, long[] results, CancellationToken cancellationToken) =>
        ObserveAsync(identities, actionId, nowMilliseconds, queries, PlanFor(queries).All, results, cancellationToken);

    public ValueTask ObserveAsync(Identities identities, int actionId, long nowMilliseconds, IReadOnlyList<ActivityQuery> queries, bool[] wanted, long[] results, CancellationToken cancellationToken)
    {
        var plan = PlanFor(queries);
        plan.Defaults.AsSpan().CopyTo(results);
        Warm(identities);
        Span<int> folded =
        [
            StableHash.Fold(identities.Customer),
            StableHash.Fold(identities.Session),
            StableHash.Fold(identities.Ip),
            StableHash.Fold(identities.Device),
        ];
        Observe(IdentityKind.Customer, identities.Customer, actionId, nowMilliseconds, folded, plan.Customer, wanted, results);
        Observe(IdentityKind.Session, identities.Session, actionId, nowMilliseconds, folded, plan.Session, wanted, results);
        Observe(IdentityKind.Ip, identities.Ip, actionId, nowMilliseconds, folded, plan.Ip, wanted, results);
        Observe(IdentityKind.Device, identities.Device, actionId, nowMilliseconds, folded, plan.Device, wanted, results);
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

    /// <summary>The queries grouped by identity, built once per rule set (the list is the rule set's, so a reference check finds it).</summary>
    private QueryPlan PlanFor(IReadOnlyList<ActivityQuery> queries)
    {
        var plan = Volatile.Read(ref _plan);
        if (!ReferenceEquals(plan.Source, queries))
        {
            plan = new QueryPlan(queries);
            Volatile.Write(ref _plan, plan);
        }

        return plan;
    }

    private void Observe(IdentityKind kind, ulong identity, int actionId, long now, ReadOnlySpan<int> folded, PlannedQuery[] queries, bool[] wanted, long[] results)
    {
        if (identity == 0)
        {
            return;
        }

        var shard = ShardOf(identity);
        var horizonStart = now - _horizon;
        lock (shard)
        {
            var activity = shard.Table.Find(identity);
            if (activity is null)
            {
                if (shard.Table.Count >= _maxPerShard)
                {
                    MakeRoom(shard, horizonStart);
                }

                activity = new IdentityActivity();
                shard.Table.Add(identity, activity);
            }
            else
            {
                foreach (ref readonly var query in queries.AsSpan())
                {
                    if (!wanted[query.Slot])
                    {
                        continue;
                    }

                    results[query.Slot] = query.Function switch
                    {
                        ActivityFunction.SinceLast => activity.SinceLast(query.Action, now, horizonStart),
                        ActivityFunction.Count => activity.Count(query.Action, now, query.Window),
                        _ => activity.Distinct(query.Other, now, query.Window),
                    };
                }
            }

            activity.Append(actionId, now, horizonStart, kind, folded, _maxEvents, _reserve);
        }
    }

    private bool Reserve(int bytes)
    {
        if (Interlocked.Add(ref _reserved, bytes) <= _budget)
        {
            return true;
        }

        Interlocked.Add(ref _reserved, -bytes);
        return false;
    }

    private void MakeRoom(Shard shard, long horizonStart)
    {
        if (EvictIdle(shard, horizonStart) > 0)
        {
            return;
        }

        // Everyone is within the horizon: drop the idlest eighth, found from a sample of last-seen times.
        Span<long> sample = stackalloc long[64];
        sample = sample[..shard.Table.SampleLastSeen(sample)];
        sample.Sort();
        EvictIdle(shard, sample[sample.Length / 8] + 1);
    }

    private int EvictIdle(Shard shard, long idleBefore) => shard.Table.RemoveIdle(idleBefore, _release);

    /// <summary>
    /// Reads, without locks, the structures this request is about to touch for its four identities,
    /// one level at a time across all four, so their cache misses overlap instead of queueing one
    /// after another under each lock. Only a hint: what it reads decides nothing.
    /// </summary>
    private void Warm(Identities identities)
    {
        var customer = ShardOf(identities.Customer).Table.Peek(identities.Customer);
        var session = ShardOf(identities.Session).Table.Peek(identities.Session);
        var ip = ShardOf(identities.Ip).Table.Peek(identities.Ip);
        var device = ShardOf(identities.Device).Table.Peek(identities.Device);
        _warmed = IdentityActivity.Warm(customer) + IdentityActivity.Warm(session) + IdentityActivity.Warm(ip) + IdentityActivity.Warm(device);
    }

    private Shard ShardOf(ulong identity) => _shards[(int)(identity % ShardCount)];

    private sealed class Shard
    {
        public IdentityTable Table { get; } = new();
    }
}
