namespace Fairdrop.Gate.Activity;

/// <summary>
/// An identity's events in time order in a power-of-two ring; queries scan back from the newest
/// and stop at the edge of their window, so they read a few adjacent cache lines. Times only grow
/// going back, so an age that shrinks marks an entry too old for 32 bits: it ends the scan too.
/// </summary>
internal static class EventRing
{
    public static long SinceLast(ReadOnlySpan<ulong> ring, int head, int count, int action, long now, long horizon)
    {
        var mask = ring.Length - 1;
        var previous = int.MinValue;
        for (var i = 1; i <= count; i++)
        {
            var entry = ring[(head - i) & mask];
            var age = ActivityEntry.Age(entry, now);
            if (age > horizon || age < previous)
            {
                break;
            }

            previous = age;
            if (ActivityEntry.Value(entry) == action)
            {
                return Math.Max(0, age);
            }
        }

        return long.MaxValue;
    }

    public static long Count(ReadOnlySpan<ulong> ring, int head, int count, int action, long now, long window)
    {
        var mask = ring.Length - 1;
        var found = 0;
        var previous = int.MinValue;
        for (var i = 1; i <= count; i++)
        {
            var entry = ring[(head - i) & mask];
            var age = ActivityEntry.Age(entry, now);
            if (age >= window || age < previous)
            {
                break;
            }

            previous = age;
            found += ActivityEntry.Value(entry) == action ? 1 : 0;
        }

        return found;
    }

    /// <summary>How many of the <paramref name="count"/> newest events are within the horizon (older ones are forgotten).</summary>
    public static int Kept(ReadOnlySpan<ulong> ring, int head, int count, long now, long horizon)
    {
        var mask = ring.Length - 1;
        while (count > 0 && ActivityEntry.Age(ring[(head - count) & mask], now) > horizon)
        {
            count--;
        }

        return count;
    }

    /// <summary>Writes an event at <paramref name="head"/> (over the oldest when full), moved back past any later ones so the ring stays sorted.</summary>
    public static void Insert(Span<ulong> ring, int head, int count, ulong entry, long now)
    {
        var mask = ring.Length - 1;
        var at = head;
        var filled = count == ring.Length ? count - 1 : count;
        for (var moved = 0; moved < filled && ActivityEntry.Age(ring[(at - 1) & mask], now) < 0; moved++)
        {
            ring[at & mask] = ring[(at - 1) & mask];
            at--;
        }

        ring[at & mask] = entry;
    }

    /// <summary>Copies the <paramref name="count"/> newest events, oldest first, to the start of <paramref name="target"/>.</summary>
    public static void CopyInOrder(ReadOnlySpan<ulong> ring, int head, int count, Span<ulong> target)
    {
        var mask = ring.Length - 1;
        for (var i = 0; i < count; i++)
        {
            target[i] = ring[(head - count + i) & mask];
        }
    }
}
