using System.Runtime.CompilerServices;

namespace Fairdrop.Gate.Activity;

/// <summary>
/// One shard's identities: open addressing with linear probing over <see cref="IdentitySlot"/>s in
/// native memory, one 64-byte line each, sized once to at least twice the shard's identity bound
/// (so at most half full, and never resized or moved). Key 0 marks a free slot (an absent identity
/// hashes to 0 and is never stored). Guarded by its shard's lock, except <see cref="TryPeek"/>,
/// a lock-free hint that never faults.
/// </summary>
internal sealed unsafe class IdentityTable
{
    /// <summary>Probes a lock-free read ahead makes before giving up: runs are short in a table at most half full.</summary>
    private const int PeekProbes = 4;

    private readonly IdentitySlot* _slots;
    private readonly int _mask;
    private readonly int _shift;

    /// <param name="slots">Zeroed, 64-byte aligned memory for <paramref name="capacity"/> slots, which outlives the table.</param>
    /// <param name="capacity">A power of two, at least twice the identities the table will hold.</param>
    public IdentityTable(IdentitySlot* slots, int capacity)
    {
        _slots = slots;
        _mask = capacity - 1;
        _shift = 64 - System.Numerics.BitOperations.Log2((uint)capacity);
    }

    public int Count { get; private set; }

    /// <summary>Slots for <paramref name="identities"/> at most half full: a power of two, at least 16.</summary>
    public static int CapacityFor(int identities) => (int)System.Numerics.BitOperations.RoundUpToPowerOf2((uint)Math.Max(16, identities * 2));

    /// <summary>The slot at <paramref name="index"/>, valid until its identity is removed.</summary>
    public ref IdentitySlot this[int index] => ref _slots[index];

    /// <summary>The index of <paramref name="key"/>'s slot, or -1.</summary>
    public int Find(ulong key)
    {
        for (var i = Home(key); ; i = (i + 1) & _mask)
        {
            var found = _slots[i].Key;
            if (found == key)
            {
                return i;
            }

            if (found == 0)
            {
                return -1;
            }
        }
    }

    /// <summary>Where <paramref name="key"/>'s probe starts: to ask the cache for its line before the lookup.</summary>
    public IdentitySlot* HomeOf(ulong key) => _slots + Home(key);

    /// <summary>
    /// <paramref name="key"/>'s slot if found within a few probes, read without the lock: only to warm
    /// the cache, never to decide (its fields may be torn by a concurrent writer).
    /// </summary>
    public IdentitySlot* TryPeek(ulong key)
    {
        var i = Home(key);
        for (var probe = 0; probe < PeekProbes; probe++, i = (i + 1) & _mask)
        {
            var found = Volatile.Read(ref _slots[i].Key);
            if (found == key)
            {
                return _slots + i;
            }

            if (found == 0)
            {
                break;
            }
        }

        return null;
    }

    /// <summary>Adds <paramref name="key"/> (not present) with empty activity; returns its index. The caller keeps within the capacity.</summary>
    public int Add(ulong key)
    {
        var i = Home(key);
        while (_slots[i].Key != 0)
        {
            i = (i + 1) & _mask;
        }

        _slots[i] = new IdentitySlot { Key = key };
        Count++;
        return i;
    }

    /// <summary>Last-seen times of up to <paramref name="sample"/>'s length identities, for choosing whom to evict.</summary>
    public int SampleLastSeen(Span<long> sample)
    {
        var taken = 0;
        for (var i = 0; i <= _mask && taken < sample.Length; i++)
        {
            if (_slots[i].Key != 0)
            {
                sample[taken++] = _slots[i].LastSeen;
            }
        }

        return taken;
    }

    /// <summary>Removes identities last seen before <paramref name="idleBefore"/>, returning their blocks to <paramref name="slab"/>.</summary>
    public int RemoveIdle(long idleBefore, ActivitySlab slab)
    {
        var count = 0;
        for (var i = 0; i <= _mask;)
        {
            ref var slot = ref _slots[i];
            if (slot.Key != 0 && slot.LastSeen < idleBefore)
            {
                slab.Return(slot.EventClass, slot.Events);
                if (slot.Peers >= 0)
                {
                    slab.Return(slot.PeerClass, slot.Peers);
                }

                Delete(i);
                count++;

                // Deleting shifted a later entry into slot i: look at it again.
                continue;
            }

            i++;
        }

        Count -= count;
        return count;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private int Home(ulong key) => (int)((key * 0x9E3779B97F4A7C15UL) >> _shift);

    /// <summary>Backward-shift deletion: later entries of the probe run move up, so no tombstones are needed.</summary>
    private void Delete(int hole)
    {
        var j = hole;
        while (true)
        {
            j = (j + 1) & _mask;
            if (_slots[j].Key == 0)
            {
                break;
            }

            var home = Home(_slots[j].Key);
            var stays = hole <= j ? hole < home && home <= j : hole < home || home <= j;
            if (!stays)
            {
                _slots[hole] = _slots[j];
                hole = j;
            }
        }

        _slots[hole] = default;
    }
}
