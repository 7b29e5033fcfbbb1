using Microsoft.Extensions.Options;

namespace Fairdrop.Gate.Activity;

/// <summary>
/// Activity in this process: 64 shards, each an open-addressing table of identities whose events
/// (time and action, 8 bytes) sit in one contiguous ring in the shard's slab, and whose peers sit
/// in the slot itself (or, beyond four, in a block of the slab).
/// A request reads its four identities' slots, then their blocks, four at a time without locks so
/// the cache misses overlap, then answers and records under each shard's spin lock by short scans
/// back from the newest event. Given a rule set's <see cref="ActivityInterest"/>, records only the
/// events and peers its queries can read (ADR 0008). Exact within the horizon up to
/// <see cref="ActivityOptions.MaxEventsPerIdentity"/> events and peers per identity; bounded in
/// identities and in memory, evicting by age. Completes synchronously and allocates nothing in steady state.
/// </summary>
#pragma warning disable CA1001 // The tables are freed by their critical finalizer once the store is collected: a Dispose could free them under requests still running.
public sealed unsafe class MemoryActivityStore : IActivityStore
#pragma warning restore CA1001
{
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
        var capacity = IdentityTable.CapacityFor(_limits.MaxIdentities);
        TableBytes = (long)capacity * ShardCount * sizeof(IdentitySlot);
        SlabBytes = SlabArena.BytesFor(_limits.MaxIdentities, ShardCount, _budget);
        _tables = new SlotMemory(TableBytes + SlabBytes);
        var arena = new SlabArena(_tables, TableBytes, SlabBytes / sizeof(ulong));
        _shards = new ActivityShard[ShardCount];
        for (var i = 0; i < ShardCount; i++)
        {
            var table = new IdentityTable((IdentitySlot*)_tables.Start + ((long)i * capacity), capacity);
            _shards[i] = new ActivityShard(_limits, reserve, arena, table);
        }

        TablesCommitted = o.CommitTablesAtStart
            ? Task.Factory.StartNew(() => _tables.Commit(0, TableBytes), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default)
            : Task.CompletedTask;
    }

    /// <summary>Where the identity tables start (they span <see cref="TableBytes"/>), for tests that ask the kernel what is resident.</summary>
    internal nint TablesAddress => (nint)_tables.Start;

    /// <summary>Completes when the identity tables are committed (<see cref="ActivityOptions.CommitTablesAtStart"/>); at once when not asked to.</summary>
    public Task TablesCommitted { get; }

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
    public long TableBytes { get; }

    /// <summary>Native memory of the slab region the events and grown peers live in: every shard's first rings and the <see cref="ActivityOptions.MaxEventMemoryMegabytes"/> budget, reserved up front and committed as used.</summary>
    public long SlabBytes { get; }

    /// <summary>The most this store can hold, in bytes: its tables and slab region (native), and the managed free lists of blocks, at most one entry per block.</summary>
    public long MemoryBoundBytes => TableBytes + SlabBytes + (2 * sizeof(int) * (((long)_limits.MaxIdentities * ShardCount) + (_budget / (8 * sizeof(ulong)))));

    public bool RecordsOnlyInterest => true;

    public ValueTask ObserveAsync(Identities identities, int actionId, long nowMilliseconds, IReadOnlyList<ActivityQuery> queries, long[] results, CancellationToken cancellationToken) =>
        ObserveAsync(identities, actionId, nowMilliseconds, queries, PlanFor(queries).All, results, cancellationToken);

    public ValueTask ObserveAsync(Identities identities, int actionId, long nowMilliseconds, IReadOnlyList<ActivityQuery> queries, bool[] wanted, long[] results, CancellationToken cancellationToken) =>
        ObserveAsync(identities, actionId, nowMilliseconds, queries, wanted, results, ActivityInterest.Everything, cancellationToken);

    public ValueTask ObserveAsync(Identities identities, int actionId, long nowMilliseconds, IReadOnlyList<ActivityQuery> queries, bool[] wanted, long[] results, ActivityInterest interest, CancellationToken cancellationToken)
    {
        var plan = PlanFor(queries);
        var present = (identities.Customer != 0 ? 1 << (int)IdentityKind.Customer : 0) | (identities.Session != 0 ? 1 << (int)IdentityKind.Session : 0)
            | (identities.Ip != 0 ? 1 << (int)IdentityKind.Ip : 0) | (identities.Device != 0 ? 1 << (int)IdentityKind.Device : 0);
        var asked = (Asks(plan.Customer, wanted) << (int)IdentityKind.Customer) | (Asks(plan.Session, wanted) << (int)IdentityKind.Session)
            | (Asks(plan.Ip, wanted) << (int)IdentityKind.Ip) | (Asks(plan.Device, wanted) << (int)IdentityKind.Device);
        var recording = interest.KindsRecording(actionId);
        plan.Defaults.AsSpan().CopyTo(results);
        if ((recording | asked | interest.KindsWithPeers) == 0)
        {
            // Nothing to record or answer for any identity (an action no query counts, under rules without distinct):
            // the common case of a small rule set, which should cost what a rate limiter's miss costs.
            return ValueTask.CompletedTask;
        }

        var request = new Observation(actionId, nowMilliseconds, recording, present, asked, wanted, results);

        // The rings' lines are asked for first: the rest of the set-up runs while they arrive.
        Warm(identities, request.Recording, asked, interest.KindsWithPeers | asked);

        // Each identity records the others as peers, of the kinds its distinct queries read: tags computed once, by kind.
        Span<int> tags = stackalloc int[4];
        tags[(int)IdentityKind.Customer] = ActivityEntry.Peer(IdentityKind.Customer, identities.Customer);
        tags[(int)IdentityKind.Session] = ActivityEntry.Peer(IdentityKind.Session, identities.Session);
        tags[(int)IdentityKind.Ip] = ActivityEntry.Peer(IdentityKind.Ip, identities.Ip);
        tags[(int)IdentityKind.Device] = ActivityEntry.Peer(IdentityKind.Device, identities.Device);

        // Devices first: they usually need only their slot (peers), which the engine's Prefetch asked for long ago.
        Span<int> peers = stackalloc int[3];
        Observe(IdentityKind.Device, identities.Device, plan.Device, interest, tags, peers, in request);
        Observe(IdentityKind.Customer, identities.Customer, plan.Customer, interest, tags, peers, in request);
        Observe(IdentityKind.Session, identities.Session, plan.Session, interest, tags, peers, in request);
        Observe(IdentityKind.Ip, identities.Ip, plan.Ip, interest, tags, peers, in request);
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

    /// <summary>As <see cref="Prefetch(Identities)"/>, only for the kinds the rule set can touch: with one rule over customers, one slot instead of four.</summary>
    public void Prefetch(Identities identities, ActivityInterest interest)
    {
        var kinds = interest.KindsTouched;
        if ((kinds & (1 << (int)IdentityKind.Customer)) != 0)
        {
            CacheLine.Prefetch(ShardOf(identities.Customer).Table.HomeOf(identities.Customer));
        }

        if ((kinds & (1 << (int)IdentityKind.Session)) != 0)
        {
            CacheLine.Prefetch(ShardOf(identities.Session).Table.HomeOf(identities.Session));
        }

        if ((kinds & (1 << (int)IdentityKind.Ip)) != 0)
        {
            CacheLine.Prefetch(ShardOf(identities.Ip).Table.HomeOf(identities.Ip));
        }

        if ((kinds & (1 << (int)IdentityKind.Device)) != 0)
        {
            CacheLine.Prefetch(ShardOf(identities.Device).Table.HomeOf(identities.Device));
        }

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

    /// <summary>Observes one identity of <paramref name="kind"/>: answers its wanted queries, records the event if some query reads the action, and the request's other identities of the kinds its distinct queries read.</summary>
    private void Observe(IdentityKind kind, ulong identity, PlannedQuery[] queries, ActivityInterest interest, ReadOnlySpan<int> tags, Span<int> peers, in Observation request)
    {
        if (identity == 0)
        {
            return;
        }

        var kinds = interest.PeerKinds(kind) & request.Present & ~(1 << (int)kind);
        var count = 0;
        for (var other = 0; kinds != 0; other++, kinds >>= 1)
        {
            if ((kinds & 1) != 0)
            {
                peers[count++] = tags[other];
            }
        }

        var record = (request.Recording & (1 << (int)kind)) != 0;
        if (record || count > 0 || (request.Asked & (1 << (int)kind)) != 0)
        {
            ShardOf(identity).Observe(identity, record, peers[..count], queries, in request);
        }
    }

    /// <summary>1 when some of an identity's <paramref name="queries"/> is wanted this time.</summary>
    private static int Asks(PlannedQuery[] queries, bool[] wanted)
    {
        foreach (ref readonly var query in queries.AsSpan())
        {
            if (wanted[query.Slot])
            {
                return 1;
            }
        }

        return 0;
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
    /// will read, their slots having been asked for by <see cref="Prefetch(Identities)"/> (the engine calls it before
    /// its guards): the four misses overlap instead of queueing one after another under each lock. Only a
    /// hint: what it reads decides nothing.
    /// </summary>
    private void Warm(Identities identities, int appending, int answering, int peering)
    {
        ShardOf(identities.Customer).Prefetch(identities.Customer, (appending & 1) != 0, (answering & 1) != 0, (peering & 1) != 0);
        ShardOf(identities.Session).Prefetch(identities.Session, (appending & 2) != 0, (answering & 2) != 0, (peering & 2) != 0);
        ShardOf(identities.Ip).Prefetch(identities.Ip, (appending & 4) != 0, (answering & 4) != 0, (peering & 4) != 0);
        ShardOf(identities.Device).Prefetch(identities.Device, (appending & 8) != 0, (answering & 8) != 0, (peering & 8) != 0);
    }

    private ActivityShard ShardOf(ulong identity) => _shards[(int)(identity % ShardCount)];
}
