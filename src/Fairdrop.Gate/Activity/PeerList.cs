namespace Fairdrop.Gate.Activity;

/// <summary>The identities of other kinds seen with an identity, each with the last time, unordered.</summary>
internal static class PeerList
{
    public static long Distinct(ReadOnlySpan<ulong> peers, IdentityKind other, long now, long window)
    {
        var kind = (int)other;
        var found = 0;
        foreach (var peer in peers)
        {
            found += (ActivityEntry.Value(peer) & 3) == kind && ActivityEntry.Age(peer, now) < window ? 1 : 0;
        }

        return found;
    }

    /// <summary>Drops peers last seen beyond the horizon; returns how many remain at the front.</summary>
    public static int Forget(Span<ulong> peers, long now, long horizon)
    {
        var count = peers.Length;
        for (var i = 0; i < count;)
        {
            if (ActivityEntry.Age(peers[i], now) > horizon)
            {
                peers[i] = peers[--count];
                continue;
            }

            i++;
        }

        return count;
    }

    /// <summary>Refreshes <paramref name="peer"/> if present and returns -1; otherwise returns the index of the least recently seen, to replace when full.</summary>
    public static int Refresh(Span<ulong> peers, int peer, long now)
    {
        var oldest = 0;
        var oldestAge = int.MinValue;
        for (var i = 0; i < peers.Length; i++)
        {
            var age = ActivityEntry.Age(peers[i], now);
            if (ActivityEntry.Value(peers[i]) == peer)
            {
                if (age > 0)
                {
                    peers[i] = ActivityEntry.Pack(now, peer);
                }

                return -1;
            }

            if (age > oldestAge)
            {
                oldestAge = age;
                oldest = i;
            }
        }

        return oldest;
    }
}
