namespace Fairdrop.Gate.Activity;

/// <summary>
/// A sixty-fourth of the identities: their table and slab under one spin lock, held for a lookup,
/// a few short scans and an append. Answers a request's queries about one identity, then records it.
/// </summary>
internal sealed unsafe class ActivityShard(ActivityShard.Limits limits, Func<int, bool> reserve, SlabArena arena, IdentityTable table)
{
    /// <summary>Recording through peers alone looks for expired events when the time crosses a step of 2^26 ms.</summary>
    private const int StaleCheckShift = 26;

    private int _lock;

    public IdentityTable Table { get; } = table;

    public ActivitySlab Slab { get; } = new(reserve, arena);

    /// <summary>Enters the shard's lock: a compare-exchange when free, a spin otherwise (held for well under a microsecond).</summary>
    public void Enter()
    {
        if (Interlocked.CompareExchange(ref _lock, 1, 0) != 0)
        {
            EnterContended();
        }
    }

    public void Exit() => Volatile.Write(ref _lock, 0);

    /// <summary>
    /// Without the lock, asks the cache for the lines recording <paramref name="identity"/> will read: its ring's
    /// newest line (if <paramref name="appending"/> or <paramref name="answering"/>), the one before it (if answering),
    /// the oldest one when this append forgets expired events, and its peers when they left the slot (if it reads
    /// <paramref name="peers"/>). Only a hint: a torn read prefetches the wrong line.
    /// </summary>
    public void Prefetch(ulong identity, bool appending, bool answering, bool peers)
    {
        var slot = identity == 0 || !(appending || answering || peers) ? null : Table.TryPeek(identity);
        if (slot == null)
        {
            return;
        }

        if (peers && slot->Peers >= 0)
        {
            Slab.Prefetch(slot->Peers);
        }

        if (!(appending || answering))
        {
            return;
        }

        int ring = slot->Events, head = slot->EventHead, count = slot->EventCount, size = slot->EventClass;
        var mask = (1 << size) - 1;
        Slab.Prefetch(ring + ((head - 1) & mask));
        if (answering)
        {
            Slab.Prefetch(ring + ((head - 9) & mask));
        }

        if (appending && ((head & 7) == 0 || count == mask + 1))
        {
            Slab.Prefetch(ring + ((head - count) & mask));
        }
    }

    /// <summary>
    /// Answers the wanted <paramref name="queries"/> about <paramref name="identity"/> as of just before now, then records the event
    /// (if <paramref name="record"/>) and its <paramref name="peers"/> (the request's other identities as <see cref="ActivityEntry.Peer"/> tags,
    /// in kind order). With neither, only answers: an identity not held yet is not added.
    /// </summary>
    public void Observe(ulong identity, bool record, ReadOnlySpan<int> peers, PlannedQuery[] queries, in Observation request)
    {
        var now = request.Now;
        Enter();
        try
        {
            var index = Table.Find(identity);
            if (index < 0)
            {
                if (!record && peers.IsEmpty)
                {
                    return;
                }

                if (Table.Count >= limits.MaxIdentities)
                {
                    MakeRoom(now - limits.Horizon);
                }

                index = Table.Add(identity);
                ref var created = ref Table[index];
                created.Events = Slab.Rent(ActivitySlab.FirstClass);
                created.EventClass = ActivitySlab.FirstClass;
                created.Peers = -1;
                created.PeerClass = ActivitySlab.FirstClass;
            }
            else
            {
                ref var slot = ref Table[index];
                if (now - slot.LastSeen > limits.Horizon)
                {
                    // Idle beyond the horizon: everything it holds is forgotten.
                    slot.EventCount = 0;
                    slot.PeerCount = 0;
                }
                else
                {
                    Answer(ref slot, now, queries, request.Wanted, request.Results);
                }
            }

            if (record || !peers.IsEmpty)
            {
                Record(ref Table[index], record ? request.ActionId : null, now, peers);
            }
        }
        finally
        {
            Exit();
        }
    }

    /// <summary>Drops identities last seen before <paramref name="idleBefore"/>; returns how many.</summary>
    public int Evict(long idleBefore)
    {
        Enter();
        try
        {
            return Table.RemoveIdle(idleBefore, Slab);
        }
        finally
        {
            Exit();
        }
    }

    private void Answer(ref IdentitySlot slot, long now, PlannedQuery[] queries, bool[] wanted, long[] results)
    {
        Span<ulong> ring = default;
        scoped ReadOnlySpan<ulong> peers = default;
        foreach (ref readonly var query in queries.AsSpan())
        {
            if (!wanted[query.Slot])
            {
                continue;
            }

            if (ring.IsEmpty)
            {
                ring = Slab.Block(slot.EventClass, slot.Events);
                peers = PeerBlock(ref slot)[..slot.PeerCount];
            }

            results[query.Slot] = query.Function switch
            {
                ActivityFunction.SinceLast => EventRing.SinceLast(ring, slot.EventHead, slot.EventCount, query.Action, now, limits.Horizon),
                ActivityFunction.Count => EventRing.Count(ring, slot.EventHead, slot.EventCount, query.Action, now, query.Window),
                _ => PeerList.Distinct(peers, query.Other, now, query.Window),
            };
        }
    }

    private void Record(ref IdentitySlot slot, int? actionId, long now, ReadOnlySpan<int> peers)
    {
        if (actionId is { } action)
        {
            AppendEvent(ref slot, action, now);
        }
        else if (slot.EventCount > 0 && (now >> StaleCheckShift) != (slot.LastSeen >> StaleCheckShift)
            && ActivityEntry.Age(Slab.Block(slot.EventClass, slot.Events)[(slot.EventHead - 1) & ((1 << slot.EventClass) - 1)], now) > limits.Horizon)
        {
            // Seen without an event (peers only): events are no longer forgotten as appends go, so once the
            // newest is beyond the horizon all are. Looked at when the time crosses a 2^26 ms (18.6 h) step, so
            // at least once a day for an identity seen at least once per horizon (a day at most): long before
            // their 32-bit times could wrap (24.8 days for an age), and without reading the ring on every request.
            slot.EventCount = 0;
        }

        slot.LastSeen = Math.Max(slot.LastSeen, now);

        int kept;
        var seen = PeerList.ForgetAndRefresh(PeerBlock(ref slot)[..slot.PeerCount], peers, now, limits.Horizon, out kept);
        slot.PeerCount = (ushort)kept;
        for (var i = 0; i < peers.Length; i++)
        {
            if ((seen & (1 << i)) == 0)
            {
                SeePeer(ref slot, peers[i], now);
            }
        }
    }

    private void AppendEvent(ref IdentitySlot slot, int actionId, long now)
    {
        var ring = Slab.Block(slot.EventClass, slot.Events);
        int head = slot.EventHead;
        int count = slot.EventCount;

        // Forget all events when the newest is beyond the horizon (appends can be far apart now that some
        // requests record only peers), the expired ones when the oldest is overwritten anyway (full), and once
        // every eight appends (a line of the ring), so kept times stay well within 32-bit reach of now.
        if (count > 0 && ActivityEntry.Age(ring[(head - 1) & (ring.Length - 1)], now) > limits.Horizon)
        {
            count = 0;
        }

        if (count == ring.Length || (head & 7) == 0)
        {
            count = EventRing.Kept(ring, head, count, now, limits.Horizon);
        }

        if (count == ring.Length && slot.EventClass < limits.SizeClass && TryGrow(ref slot.Events, ref slot.EventClass))
        {
            var bigger = Slab.Block(slot.EventClass, slot.Events);
            EventRing.CopyInOrder(ring, head, count, bigger);
            ring = bigger;
            head = count;
        }

        EventRing.Insert(ring, head, count, ActivityEntry.Pack(now, actionId), now);
        slot.EventHead = (ushort)((head + 1) & (ring.Length - 1));
        slot.EventCount = (ushort)Math.Min(count + 1, ring.Length);
    }

    private void SeePeer(ref IdentitySlot slot, int peer, long now)
    {
        var block = PeerBlock(ref slot);
        var oldest = PeerList.Refresh(block[..slot.PeerCount], peer, now);
        if (oldest < 0)
        {
            return;
        }

        if (slot.PeerCount == block.Length)
        {
            if (slot.PeerClass >= limits.SizeClass || !TryGrowPeers(ref slot))
            {
                block[oldest] = ActivityEntry.Pack(now, peer);
                return;
            }

            var bigger = Slab.Block(slot.PeerClass, slot.Peers);
            block.CopyTo(bigger);
            block = bigger;
        }

        block[slot.PeerCount++] = ActivityEntry.Pack(now, peer);
    }

    /// <summary>The peers: inline in the slot, or the slab block they moved to when they outgrew it.</summary>
    private Span<ulong> PeerBlock(ref IdentitySlot slot) =>
        slot.Peers < 0 ? slot.Inline : Slab.Block(slot.PeerClass, slot.Peers);

    private bool TryGrowPeers(ref IdentitySlot slot)
    {
        if (slot.Peers >= 0)
        {
            return TryGrow(ref slot.Peers, ref slot.PeerClass);
        }

        var rented = Slab.Rent(slot.PeerClass + 1);
        if (rented < 0)
        {
            return false;
        }

        slot.Peers = rented;
        slot.PeerClass++;
        return true;
    }

    /// <summary>Moves a block to the next size up if the budget allows; the old one is freed but stays readable until the next rent.</summary>
    private bool TryGrow(ref int offset, ref byte size)
    {
        var rented = Slab.Rent(size + 1);
        if (rented < 0)
        {
            return false;
        }

        Slab.Return(size, offset);
        offset = rented;
        size++;
        return true;
    }

    private void MakeRoom(long horizonStart)
    {
        if (Table.RemoveIdle(horizonStart, Slab) > 0)
        {
            return;
        }

        // Everyone is within the horizon: drop the idlest eighth, found from a sample of last-seen times.
        Span<long> sample = stackalloc long[64];
        sample = sample[..Table.SampleLastSeen(sample)];
        sample.Sort();
        Table.RemoveIdle(sample[sample.Length / 8] + 1, Slab);
    }

    private void EnterContended()
    {
        var spinner = default(SpinWait);
        while (Volatile.Read(ref _lock) != 0 || Interlocked.CompareExchange(ref _lock, 1, 0) != 0)
        {
            spinner.SpinOnce();
        }
    }

    /// <summary>What every shard keeps to: identities, the horizon in milliseconds, and the largest block size (log2 of events per identity).</summary>
    internal readonly record struct Limits(int MaxIdentities, long Horizon, int SizeClass);
}
