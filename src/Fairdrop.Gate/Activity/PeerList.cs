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

    /// <summary>
    /// In one pass over the peers: drops those last seen beyond the horizon (<paramref name="kept"/> remain at the
    /// front) and refreshes those of <paramref name="seen"/> found, as <see cref="Refresh"/> would. Returns a bit per <paramref name="seen"/> index found; the
    /// others are for the caller to add.
    /// </summary>
    public static int ForgetAndRefresh(Span<ulong> peers, ReadOnlySpan<int> seen, long now, long horizon, out int kept)
    {
        var count = peers.Length;
        var found = 0;
        for (var i = 0; i < count;)
        {
            var age = ActivityEntry.Age(peers[i], now);
            if (age > horizon)
            {
                peers[i] = peers[--count];
                continue;
            }

            var value = ActivityEntry.Value(peers[i]);
            for (var k = 0; k < seen.Length; k++)
            {
                if (value == seen[k])
                {
                    found |= 1 << k;
                    if (age > 0)
                    {
                        peers[i] = ActivityEntry.Pack(now, value);
                    }

                    break;
                }
            }

            i++;
        }

        kept = count;
        return found;
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
