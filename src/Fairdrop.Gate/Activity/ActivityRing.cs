namespace Fairdrop.Gate.Activity;

/// <summary>
/// The recent events of one identity, newest last, in a ring that starts small and doubles up to
/// a cap (capacities are powers of two, so indexing is a mask). Not thread-safe: its shard's lock guards it.
/// </summary>
internal sealed class ActivityRing
{
    public const int InitialCapacity = 4;
    private ActivityEvent[] _events = new ActivityEvent[InitialCapacity];
    private int _head;
    private int _count;

    public long LastSeen { get; private set; }

    public int Capacity => _events.Length;

    /// <summary>Appends; grows when full and allowed (<paramref name="canGrow"/> returns the extra slots granted), else overwrites the oldest.</summary>
    public int Append(in ActivityEvent item, long horizonStart, int maxCapacity, Func<int, bool> canGrow)
    {
        var grown = 0;
        if (_count == _events.Length && _events.Length < maxCapacity && Oldest().At >= horizonStart)
        {
            var size = Math.Min(maxCapacity, _events.Length * 2);
            if (canGrow(size - _events.Length))
            {
                var bigger = new ActivityEvent[size];
                for (var i = 0; i < _count; i++)
                {
                    bigger[i] = _events[(_head - _count + i) & (_events.Length - 1)];
                }

                grown = size - _events.Length;
                _events = bigger;
                _head = _count;
            }
        }

        _events[_head] = item;
        _head = (_head + 1) & (_events.Length - 1);
        _count = Math.Min(_count + 1, _events.Length);
        LastSeen = item.At;
        return grown;
    }

    public long SinceLast(int action, long now, long horizonStart)
    {
        for (var i = 1; i <= _count; i++)
        {
            ref readonly var e = ref At(i);
            if (e.At < horizonStart)
            {
                break;
            }

            if (e.Action == action)
            {
                return Math.Max(0, now - e.At);
            }
        }

        return long.MaxValue;
    }

    public long Count(int action, long now, long window)
    {
        long count = 0;
        for (var i = 1; i <= _count; i++)
        {
            ref readonly var e = ref At(i);
            if (now - e.At >= window)
            {
                break;
            }

            count += e.Action == action ? 1 : 0;
        }

        return count;
    }

    public long Distinct(IdentityKind other, long now, long window)
    {
        Span<int> seen = stackalloc int[_count];
        var distinct = 0;
        for (var i = 1; i <= _count; i++)
        {
            ref readonly var e = ref At(i);
            if (now - e.At >= window)
            {
                break;
            }

            var value = e.Of(other);
            if (value != 0 && !seen[..distinct].Contains(value))
            {
                seen[distinct++] = value;
            }
        }

        return distinct;
    }

    /// <summary>The i-th newest event, 1-based.</summary>
    private ref readonly ActivityEvent At(int i) => ref _events[(_head - i) & (_events.Length - 1)];

    private ref readonly ActivityEvent Oldest() => ref At(_count);
}
