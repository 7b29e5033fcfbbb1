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
#pragma warning disable CA1001 // The tables are freed by their critical finalizer once the store is collected: a Dispose could free them under requests still running.
public sealed unsafe class MemoryActivityStore : IActivityStore
#pragma warning restore CA1001
{
    /// <summary>Bytes of an identity's first event ring: four 8-byte entries (its slot is in the tables, <see cref="TableBytes"/>).</summary>
    public const int FirstRingBytes = 32;

    private const int ShardCount = 64;
    private readonly ActivityShard[] _shards;
    private readonly ActivityShard.Limits _limits;
    private readonly long _budget;
    private readonly SlotMemory _tables;
    private QueryPlan _plan = QueryPlan.Empty;
    private long _reserved;

    public MemoryActivityStore(IOptions<ActivityOptions> options)
    {
        var o = options.Value;
        var events = (int)System.Numerics.BitOperations.RoundUpToPowerOf2((uint)Math.Clamp(o.MaxEventsPerIdentity, 4, 1 << ActivitySlab.MaxClass));
        _limits = new ActivityShard.Limits(Math.Max(1, o.MaxIdentities / ShardCount), (long)o.Horizon.TotalMilliseconds, System.Numerics.BitOperations.Log2((uint)events));
        _budget = (long)o.MaxEventMemoryMegabytes * 1024 * 1024;
        Func<int, bool> reserve = Reserve;
        var arena = new SlabArena();
        var capacity = IdentityTable.CapacityFor(_limits.MaxIdentities);
        _tables = new SlotMemory((long)capacity * ShardCount * sizeof(IdentitySlot));
        _shards = new ActivityShard[ShardCount];
        for (var i = 0; i < ShardCount; i++)
        {
            var table = new IdentityTable((IdentitySlot*)_tables.Start + ((long)i * capacity), capacity);
            _shards[i] = new ActivityShard(_limits, reserve, arena, table);
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

            GC.KeepAlive(_tables);

            return total;
        }
    }

    /// <summary>Bytes of slab chunks for blocks beyond each identity's first ones, reserved from the <see cref="ActivityOptions.MaxEventMemoryMegabytes"/> budget (kept for reuse once reserved).</summary>
    public long GrownBytes => Interlocked.Read(ref _reserved);

    /// <summary>Native memory of the identity tables, sized for <see cref="ActivityOptions.MaxIdentities"/> up front (committed by the kernel as slots are first used).</summary>
    public long TableBytes => _tables.Bytes;

    /// <summary>The most this store can hold, in bytes: its tables, each identity's first ring, one partly used chunk of first rings per shard, one partly used arena array, and the budget.</summary>
    public long MemoryBoundBytes => TableBytes + ((long)_limits.MaxIdentities * ShardCount * FirstRingBytes) + ((long)ShardCount * ActivitySlab.FirstChunkBytes) + ((long)SlabArena.ArrayEntries * sizeof(ulong)) + _budget;

    public ValueTask ObserveAsync(Identities identities, int actionId, long nowMilliseconds, IReadOnlyList<ActivityQuery> queries, long[] results, CancellationToken cancellationToken) =>
        ObserveAsync(identities, actionId, nowMilliseconds, queries, PlanFor(queries).All, results, cancellationToken);

    public ValueTask ObserveAsync(Identities identities, int actionId, long nowMilliseconds, IReadOnlyList<ActivityQuery> queries, bool[] wanted, long[] results, CancellationToken cancellationToken)
    {
        var plan = PlanFor(queries);
        plan.Defaults.AsSpan().CopyTo(results);
        Warm(identities);

        // Each identity records the others as peers: tags computed once, in kind order, absent ones left out.
        Span<int> tags = stackalloc int[4];
        var present = 0;
        for (var kind = IdentityKind.Customer; kind <= IdentityKind.Device; kind++)
        {
            if (identities[kind] != 0)
            {
                tags[present++] = ActivityEntry.Peer(kind, identities[kind]);
            }
        }

        var all = tags[..present];
        var at = 0;
        Observe(identities.Customer, ref at, all, actionId, nowMilliseconds, plan.Customer, wanted, results);
        Observe(identities.Session, ref at, all, actionId, nowMilliseconds, plan.Session, wanted, results);
        Observe(identities.Ip, ref at, all, actionId, nowMilliseconds, plan.Ip, wanted, results);
        Observe(identities.Device, ref at, all, actionId, nowMilliseconds, plan.Device, wanted, results);
        GC.KeepAlive(_tables);
        return ValueTask.CompletedTask;
    }

    /// <summary>Asks the cache for the four identities' table slots, so their misses overlap whatever the caller does before observing.</summary>
    public void Prefetch(Identities identities)
    {
        CacheLine.Prefetch(ShardOf(identities.Customer).Table.HomeOf(identities.Customer));
        CacheLine.Prefetch(ShardOf(identities.Session).Table.HomeOf(identities.Session));
        CacheLine.Prefetch(ShardOf(identities.Ip).Table.HomeOf(identities.Ip));
        CacheLine.Prefetch(ShardOf(identities.Device).Table.HomeOf(identities.Device));
        GC.KeepAlive(_tables);
    }

    /// <summary>Drops identities idle for longer than the horizon; returns how many.</summary>
    public int Sweep(long nowMilliseconds)
    {
        var removed = 0;
        foreach (var shard in _shards)
        {
            removed += shard.Evict(nowMilliseconds - _limits.Horizon);
        }

        GC.KeepAlive(_tables);
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

    /// <summary>Observes one identity, whose tag is <paramref name="all"/>[<paramref name="at"/>] when present: its peers are the tags before and after it.</summary>
    private void Observe(ulong identity, ref int at, ReadOnlySpan<int> all, int actionId, long now, PlannedQuery[] queries, bool[] wanted, long[] results)
    {
        if (identity == 0)
        {
            return;
        }

        Span<int> peers = stackalloc int[3];
        all[..at].CopyTo(peers);
        all[(at + 1)..].CopyTo(peers[at..]);
        ShardOf(identity).Observe(identity, actionId, now, peers[..(all.Length - 1)], queries, wanted, results);
        at++;
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
    /// Without locks, asks the cache for the lines of the four identities' rings and peers that recording
    /// will read, their slots having been asked for by <see cref="Prefetch"/> (the engine calls it before
    /// its guards): the four misses overlap instead of queueing one after another under each lock. Only a
    /// hint: what it reads decides nothing.
    /// </summary>
    private void Warm(Identities identities)
    {
        ShardOf(identities.Customer).Prefetch(identities.Customer);
        ShardOf(identities.Session).Prefetch(identities.Session);
        ShardOf(identities.Ip).Prefetch(identities.Ip);
        ShardOf(identities.Device).Prefetch(identities.Device);
    }

    private ActivityShard ShardOf(ulong identity) => _shards[(int)(identity % ShardCount)];
}
