using Microsoft.Extensions.Options;

namespace Fairdrop.Gate.Activity;

/// <summary>
/// Activity in this process: 64 shards, each an open-addressing table of identities whose events
/// (time and action, 8 bytes) sit in one contiguous ring in the shard's slab, and whose peers sit
/// in the slot itself (or, beyond four, in a block of the slab).
/// A request reads its four identities' slots, then their blocks, four at a time without locks so
/// the cache misses overlap, then answers and records under each shard's spin lock by short scans
/// back from the newest event. Exact within the horizon up to
/// <see cref="ActivityOptions.MaxEventsPerIdentity"/> events and peers per identity; bounded in
/// identities and in memory, evicting by age. Completes synchronously and allocates nothing in steady state.
/// </summary>
public sealed class MemoryActivityStore : IActivityStore
{
    /// <summary>
    /// Bytes one identity costs at most: its 64-byte slot (with four peers inline) in a table at least
    /// 3/8 full (171), and its first event ring of four 8-byte entries (32), rounded up.
    /// </summary>
    public const int IdentityBytes = 208;

    private const int ShardCount = 64;
    private readonly ActivityShard[] _shards;
    private readonly ActivityShard.Limits _limits;
    private readonly long _budget;
    private QueryPlan _plan = QueryPlan.Empty;
    private long _reserved;
    private ulong _warmed;

    public MemoryActivityStore(IOptions<ActivityOptions> options)
    {
        var o = options.Value;
        var events = (int)System.Numerics.BitOperations.RoundUpToPowerOf2((uint)Math.Clamp(o.MaxEventsPerIdentity, 4, 1 << ActivitySlab.MaxClass));
        _limits = new ActivityShard.Limits(Math.Max(1, o.MaxIdentities / ShardCount), (long)o.Horizon.TotalMilliseconds, System.Numerics.BitOperations.Log2((uint)events));
        _budget = (long)o.MaxEventMemoryMegabytes * 1024 * 1024;
        Func<int, bool> reserve = Reserve;
        var arena = new SlabArena();
        _shards = new ActivityShard[ShardCount];
        for (var i = 0; i < ShardCount; i++)
        {
            _shards[i] = new ActivityShard(_limits, reserve, arena);
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
                shard.Enter();
                total += shard.Table.Count;
                shard.Exit();
            }

            return total;
        }
    }

    /// <summary>Bytes of slab chunks for blocks beyond each identity's first ones, reserved from the <see cref="ActivityOptions.MaxEventMemoryMegabytes"/> budget (kept for reuse once reserved).</summary>
    public long GrownBytes => Interlocked.Read(ref _reserved);

    /// <summary>The most this store can hold, in bytes: identities at <see cref="IdentityBytes"/>, one partly used chunk of first blocks per shard, one partly used arena array, and the budget.</summary>
    public long MemoryBoundBytes => ((long)_limits.MaxIdentities * ShardCount * IdentityBytes) + ((long)ShardCount * ActivitySlab.FirstChunkBytes) + ((long)SlabArena.ArrayEntries * sizeof(ulong)) + _budget;

    public ValueTask ObserveAsync(Identities identities, int actionId, long nowMilliseconds, IReadOnlyList<ActivityQuery> queries, long[] results, CancellationToken cancellationToken) =>
        ObserveAsync(identities, actionId, nowMilliseconds, queries, PlanFor(queries).All, results, cancellationToken);

    public ValueTask ObserveAsync(Identities identities, int actionId, long nowMilliseconds, IReadOnlyList<ActivityQuery> queries, bool[] wanted, long[] results, CancellationToken cancellationToken)
    {
        var plan = PlanFor(queries);
        plan.Defaults.AsSpan().CopyTo(results);
        Warm(identities);
        Observe(IdentityKind.Customer, identities, actionId, nowMilliseconds, plan.Customer, wanted, results);
        Observe(IdentityKind.Session, identities, actionId, nowMilliseconds, plan.Session, wanted, results);
        Observe(IdentityKind.Ip, identities, actionId, nowMilliseconds, plan.Ip, wanted, results);
        Observe(IdentityKind.Device, identities, actionId, nowMilliseconds, plan.Device, wanted, results);
        return ValueTask.CompletedTask;
    }

    /// <summary>Drops identities idle for longer than the horizon; returns how many.</summary>
    public int Sweep(long nowMilliseconds)
    {
        var removed = 0;
        foreach (var shard in _shards)
        {
            removed += shard.Evict(nowMilliseconds - _limits.Horizon);
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

    private void Observe(IdentityKind kind, Identities identities, int actionId, long now, PlannedQuery[] queries, bool[] wanted, long[] results)
    {
        var identity = identities[kind];
        if (identity != 0)
        {
            ShardOf(identity).Observe(kind, identity, actionId, now, identities, queries, wanted, results);
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

    /// <summary>
    /// Reads, without locks, the four identities' slots, then the newest line of each one's ring and
    /// its peers: each level's four cache misses overlap instead of queueing one after another under
    /// each lock. Only a hint: what it reads decides nothing.
    /// </summary>
    private void Warm(Identities identities)
    {
        ActivityShard c = ShardOf(identities.Customer), s = ShardOf(identities.Session), i = ShardOf(identities.Ip), d = ShardOf(identities.Device);
        var customer = c.Table.Peek(identities.Customer);
        var session = s.Table.Peek(identities.Session);
        var ip = i.Table.Peek(identities.Ip);
        var device = d.Table.Peek(identities.Device);
        _warmed = Touch(c, customer) + Touch(s, session) + Touch(i, ip) + Touch(d, device);
    }

    /// <summary>The ring's two newest lines (most scans end there) and the peer list when it left the slot.</summary>
    private static ulong Touch(ActivityShard shard, in IdentitySlot slot)
    {
        var mask = (1 << slot.EventClass) - 1;
        return shard.Slab.Touch(slot.EventClass, slot.Events + ((slot.EventHead - 1) & mask))
            + shard.Slab.Touch(slot.EventClass, slot.Events + ((slot.EventHead - 9) & mask))
            + shard.Slab.Touch(slot.PeerClass, slot.Peers);
    }

    private ActivityShard ShardOf(ulong identity) => _shards[(int)(identity % ShardCount)];
}
