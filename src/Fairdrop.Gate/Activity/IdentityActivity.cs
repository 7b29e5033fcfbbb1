namespace Fairdrop.Gate.Activity;

/// <summary>
/// What one identity did, indexed so every activity function answers without scanning its history:
/// per action a lane with the last time (<c>since_last</c>, O(1)) and a time-ordered ring of that
/// action's times (<c>count</c>, a binary search); per other identity seen with it, the last time
/// (<c>distinct</c>, a scan of a handful of peers). Exact while an action has at most the ring cap
/// of events, and the identity at most that many peers, within the horizon.
/// Not thread-safe: its shard's lock guards it.
/// </summary>
internal sealed class IdentityActivity
{
    public const int InitialTimes = 2;
    public const int InitialPeers = 3;

    /// <summary>Actions tracked per identity; beyond it the least recently used action's lane is reused.</summary>
    public const int MaxLanes = 32;

    /// <summary>Bytes this identity costs when created: object, a one-lane array, a two-time ring, a three-peer array, dictionary entry.</summary>
    public const int CreatedBytes = 48 + (24 + LaneBytes) + (24 + (InitialTimes * 8)) + (24 + (InitialPeers * PeerBytes)) + 48;

    private const int LaneBytes = 32;
    private const int PeerBytes = 16;

    private Lane[] _lanes = new Lane[1];
    private int _laneCount;
    private Peer[] _peers = new Peer[InitialPeers];
    private int _peerCount;

    public long LastSeen { get; private set; }

    /// <summary>Bytes held beyond <see cref="CreatedBytes"/>, reserved from the store's budget.</summary>
    public long GrownBytes { get; private set; }

    /// <summary>
    /// Touches, without the lock, the lines a request will read: the object, its lanes and peers,
    /// and the rings' heads. A hint for the cache; a racing writer makes it read stale data, never fail.
    /// </summary>
    public static long Warm(IdentityActivity? activity)
    {
        if (activity is null)
        {
            return 0;
        }

        var lanes = activity._lanes;
        var touched = (long)activity._peers.Length;
        var count = Math.Min(activity._laneCount, lanes.Length);
        for (var i = 0; i < count; i++)
        {
            // Every ring's head line: the request appends to one and its rules may count in any.
            touched += lanes[i].Times?.Length ?? 0;
        }

        return touched;
    }

    public long SinceLast(int action, long now, long horizonStart)
    {
        var lane = Find(action);
        if (lane < 0 || _lanes[lane].Last < horizonStart)
        {
            return long.MaxValue;
        }

        return Math.Max(0, now - _lanes[lane].Last);
    }

    public long Count(int action, long now, long window)
    {
        var index = Find(action);
        if (index < 0)
        {
            return 0;
        }

        // Times are in arrival order: find the first one inside the window by binary search.
        ref var lane = ref _lanes[index];
        var mask = lane.Times.Length - 1;
        var oldest = lane.Head - lane.Count;
        var threshold = now - window;
        int lo = 0, hi = lane.Count;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (lane.Times[(oldest + mid) & mask] > threshold)
            {
                hi = mid;
            }
            else
            {
                lo = mid + 1;
            }
        }

        return lane.Count - lo;
    }

    public long Distinct(IdentityKind other, long now, long window)
    {
        var threshold = now - window;
        var kind = (int)other;
        var count = 0;
        for (var i = 0; i < _peerCount; i++)
        {
            ref readonly var peer = ref _peers[i];
            count += peer.Kind == kind && peer.At > threshold ? 1 : 0;
        }

        return count;
    }

    /// <summary>Records an event of <paramref name="action"/> at <paramref name="now"/> with the request's other identities (folded, 0 when absent).</summary>
    public void Append(int action, long now, long horizonStart, IdentityKind self, ReadOnlySpan<int> identities, int cap, Func<int, bool> reserve)
    {
        LastSeen = now;
        AppendTime(action, now, horizonStart, cap, reserve);
        for (var kind = 0; kind < identities.Length; kind++)
        {
            if (kind != (int)self && identities[kind] != 0)
            {
                SeePeer(kind, identities[kind], now, horizonStart, cap, reserve);
            }
        }
    }

    private int Find(int action)
    {
        for (var i = 0; i < _laneCount; i++)
        {
            if (_lanes[i].Action == action)
            {
                return i;
            }
        }

        return -1;
    }

    private void AppendTime(int action, long now, long horizonStart, int cap, Func<int, bool> reserve)
    {
        var index = Find(action);
        if (index < 0)
        {
            index = AddLane(action, reserve);
        }

        ref var lane = ref _lanes[index];
        lane.Last = Math.Max(lane.Last, now);
        var times = lane.Times;
        if (lane.Count == times.Length && times.Length < cap && times[(lane.Head - lane.Count) & (times.Length - 1)] >= horizonStart
            && Reserve(times.Length * 8, reserve))
        {
            var bigger = new long[times.Length * 2];
            for (var i = 0; i < lane.Count; i++)
            {
                bigger[i] = times[(lane.Head - lane.Count + i) & (times.Length - 1)];
            }

            lane.Times = times = bigger;
            lane.Head = lane.Count;
        }

        // A late arrival (another thread's slightly earlier clock) is placed in order, so the ring stays sorted.
        var mask = times.Length - 1;
        var at = lane.Head;
        var filled = lane.Count == times.Length ? lane.Count - 1 : lane.Count;
        for (var moved = 0; moved < filled && times[(at - 1) & mask] > now; moved++)
        {
            times[at & mask] = times[(at - 1) & mask];
            at--;
        }

        times[at & mask] = now;
        lane.Head = (lane.Head + 1) & mask;
        lane.Count = Math.Min(lane.Count + 1, times.Length);
    }

    private int AddLane(int action, Func<int, bool> reserve)
    {
        if (_laneCount == _lanes.Length)
        {
            if (_lanes.Length < MaxLanes && Reserve((_lanes.Length * LaneBytes) + 24 + (InitialTimes * 8), reserve))
            {
                Array.Resize(ref _lanes, _lanes.Length * 2);
            }
            else
            {
                // Full: reuse the least recently used action's lane (and its ring).
                var idlest = 0;
                for (var i = 1; i < _laneCount; i++)
                {
                    idlest = _lanes[i].Last < _lanes[idlest].Last ? i : idlest;
                }

                _lanes[idlest] = _lanes[idlest] with { Action = action, Last = long.MinValue, Head = 0, Count = 0 };
                return idlest;
            }
        }

        // The first lane's ring is part of the identity's created bytes; later ones were reserved with the lane.
        _lanes[_laneCount] = new Lane { Action = action, Last = long.MinValue, Times = new long[InitialTimes] };
        return _laneCount++;
    }

    private void SeePeer(int kind, int value, long now, long horizonStart, int cap, Func<int, bool> reserve)
    {
        var oldest = 0;
        for (var i = 0; i < _peerCount; i++)
        {
            ref var peer = ref _peers[i];
            if (peer.Kind == kind && peer.Value == value)
            {
                peer.At = Math.Max(peer.At, now);
                return;
            }

            oldest = peer.At < _peers[oldest].At ? i : oldest;
        }

        if (_peerCount == _peers.Length)
        {
            if (_peers[oldest].At >= horizonStart && _peers.Length < cap && Reserve(_peers.Length * PeerBytes, reserve))
            {
                Array.Resize(ref _peers, _peers.Length * 2);
            }
            else
            {
                _peers[oldest] = new Peer { Kind = kind, Value = value, At = now };
                return;
            }
        }

        _peers[_peerCount++] = new Peer { Kind = kind, Value = value, At = now };
    }

    private bool Reserve(int bytes, Func<int, bool> reserve)
    {
        if (!reserve(bytes))
        {
            return false;
        }

        GrownBytes += bytes;
        return true;
    }

    private struct Lane
    {
        public int Action;
        public int Head;
        public int Count;
        public long Last;
        public long[] Times;
    }

    private struct Peer
    {
        public int Kind;
        public int Value;
        public long At;
    }
}
