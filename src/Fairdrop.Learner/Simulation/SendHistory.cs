using Fairdrop.Exchange.Matching;

namespace Fairdrop.Learner.Simulation;

/// <summary>One shopper's last sends under one policy (a ring of 16, enough for a week's cap of 10): caps and fatigue read it.</summary>
internal sealed class SendHistory
{
    private const int Size = 16;
    private readonly long[] _ticks = new long[Size];
    private int _next;

    public void Add(DateTimeOffset sendAt)
    {
        _ticks[_next] = sendAt.UtcTicks;
        _next = (_next + 1) % Size;
    }

    public int Within(DateTimeOffset now, TimeSpan span)
    {
        var from = (now - span).UtcTicks;
        var count = 0;
        foreach (var t in _ticks)
        {
            count += t != 0 && t > from && t <= now.UtcTicks ? 1 : 0;
        }

        return count;
    }

    public SentCounts Counts(DateTimeOffset now) => new(Within(now, TimeSpan.FromDays(1)), Within(now, TimeSpan.FromDays(7)), 0);
}
