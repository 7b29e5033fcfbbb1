namespace Fairdrop.Gate.Activity;

/// <summary>
/// One shard's identities: open addressing with linear probing over (key, activity) pairs, so a
/// lookup costs one cache line rather than a dictionary's bucket and entry. Key 0 marks a free
/// slot (an absent identity hashes to 0 and is never stored). Guarded by its shard's lock, except
/// <see cref="Peek"/>, a lock-free hint that never throws.
/// </summary>
internal sealed class IdentityTable
{
    private Slot[] _slots = new Slot[16];
    private int _shift = 64 - 4;

    public int Count { get; private set; }

    public IdentityActivity? Find(ulong key)
    {
        var slots = _slots;
        var mask = slots.Length - 1;
        for (var i = Home(key, _shift); ; i = (i + 1) & mask)
        {
            ref readonly var slot = ref slots[i];
            if (slot.Key == key)
            {
                return slot.Value;
            }

            if (slot.Key == 0)
            {
                return null;
            }
        }
    }

    /// <summary>Where <paramref name="key"/> most likely is, read without the lock: only to warm the cache, never to decide.</summary>
    public IdentityActivity? Peek(ulong key)
    {
        var slots = Volatile.Read(ref _slots);
        ref readonly var slot = ref slots[Home(key, 64 - System.Numerics.BitOperations.Log2((uint)slots.Length))];
        return slot.Key == key ? slot.Value : null;
    }

    public void Add(ulong key, IdentityActivity value)
    {
        if ((Count + 1) * 4 > _slots.Length * 3)
        {
            Resize(_slots.Length * 2);
        }

        Insert(_slots, _shift, key, value);
        Count++;
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
                sample[taken++] = slot.Value!.LastSeen;
            }
        }

        return taken;
    }

    /// <summary>Removes identities last seen before <paramref name="idleBefore"/>; returns them through <paramref name="removed"/>.</summary>
    public int RemoveIdle(long idleBefore, Action<IdentityActivity> removed)
    {
        var count = 0;
        var slots = _slots;
        for (var i = 0; i < slots.Length;)
        {
            if (slots[i].Key != 0 && slots[i].Value!.LastSeen < idleBefore)
            {
                removed(slots[i].Value!);
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

    private static void Insert(Slot[] slots, int shift, ulong key, IdentityActivity value)
    {
        var mask = slots.Length - 1;
        var i = Home(key, shift);
        while (slots[i].Key != 0)
        {
            i = (i + 1) & mask;
        }

        slots[i] = new Slot(key, value);
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
        var bigger = new Slot[length];
        foreach (ref readonly var slot in _slots.AsSpan())
        {
            if (slot.Key != 0)
            {
                Insert(bigger, shift, slot.Key, slot.Value!);
            }
        }

        _shift = shift;
        Volatile.Write(ref _slots, bigger);
    }

    private readonly record struct Slot(ulong Key, IdentityActivity? Value);
}
