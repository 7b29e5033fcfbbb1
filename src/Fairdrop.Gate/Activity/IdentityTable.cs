namespace Fairdrop.Gate.Activity;

/// <summary>
/// One shard's identities: open addressing with linear probing over <see cref="IdentitySlot"/>s held
/// inline, so a lookup costs one cache line and no object. Key 0 marks a free slot (an absent
/// identity hashes to 0 and is never stored). Guarded by its shard's lock, except <see cref="Peek"/>,
/// a lock-free hint that never throws.
/// </summary>
internal sealed class IdentityTable
{
    private IdentitySlot[] _slots = new IdentitySlot[16];
    private int _shift = 64 - 4;

    public int Count { get; private set; }

    /// <summary>The slot at <paramref name="index"/>, valid until the next <see cref="Add"/> or removal.</summary>
    public ref IdentitySlot this[int index] => ref _slots[index];

    /// <summary>The index of <paramref name="key"/>'s slot, or -1.</summary>
    public int Find(ulong key)
    {
        var slots = _slots;
        var mask = slots.Length - 1;
        for (var i = Home(key, _shift); ; i = (i + 1) & mask)
        {
            var found = slots[i].Key;
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

    /// <summary>A copy of the slot where <paramref name="key"/> most likely is, read without the lock: only to warm the cache, never to decide.</summary>
    public IdentitySlot Peek(ulong key)
    {
        var slots = Volatile.Read(ref _slots);
        return slots[Home(key, 64 - System.Numerics.BitOperations.Log2((uint)slots.Length))];
    }

    /// <summary>Adds <paramref name="key"/> (not present) with empty activity; returns its index.</summary>
    public int Add(ulong key)
    {
        if ((Count + 1) * 4 > _slots.Length * 3)
        {
            Resize(_slots.Length * 2);
        }

        Count++;
        return Insert(_slots, _shift, new IdentitySlot { Key = key });
    }

    /// <summary>Last-seen times of up to <paramref name="sample"/>'s length identities, for choosing whom to evict.</summary>
    public int SampleLastSeen(Span<long> sample)
    {
        var taken = 0;
        foreach (ref readonly var slot in _slots.AsSpan())
        {
            if (taken == sample.Length)
            {
                break;
            }

            if (slot.Key != 0)
            {
                sample[taken++] = slot.LastSeen;
            }
        }

        return taken;
    }

    /// <summary>Removes identities last seen before <paramref name="idleBefore"/>, returning their blocks to <paramref name="slab"/>.</summary>
    public int RemoveIdle(long idleBefore, ActivitySlab slab)
    {
        var count = 0;
        var slots = _slots;
        for (var i = 0; i < slots.Length;)
        {
            ref var slot = ref slots[i];
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

    private static int Home(ulong key, int shift) => (int)((key * 0x9E3779B97F4A7C15UL) >> shift);

    private static int Insert(IdentitySlot[] slots, int shift, in IdentitySlot slot)
    {
        var mask = slots.Length - 1;
        var i = Home(slot.Key, shift);
        while (slots[i].Key != 0)
        {
            i = (i + 1) & mask;
        }

        slots[i] = slot;
        return i;
    }

    /// <summary>Backward-shift deletion: later entries of the probe run move up, so no tombstones are needed.</summary>
    private void Delete(int hole)
    {
        var slots = _slots;
        var mask = slots.Length - 1;
        var j = hole;
        while (true)
        {
            j = (j + 1) & mask;
            if (slots[j].Key == 0)
            {
                break;
            }

            var home = Home(slots[j].Key, _shift);
            var stays = hole <= j ? hole < home && home <= j : hole < home || home <= j;
            if (!stays)
            {
                slots[hole] = slots[j];
                hole = j;
            }
        }

        slots[hole] = default;
    }

    private void Resize(int length)
    {
        var shift = 64 - System.Numerics.BitOperations.Log2((uint)length);
        var bigger = new IdentitySlot[length];
        foreach (ref readonly var slot in _slots.AsSpan())
        {
            if (slot.Key != 0)
            {
                Insert(bigger, shift, slot);
            }
        }

        _shift = shift;
        Volatile.Write(ref _slots, bigger);
    }
}
