using Fairdrop.Exchange.Matching;
using Fairdrop.Learner.Model;

namespace Fairdrop.Learner.Decisions;

/// <summary>
/// The allowed send times worth comparing: now, and the start of every later daypart until the deadline, each moved
/// forward by the exchange's own <see cref="SendTimePlanner"/> to the first instant the sender's window and the
/// recipient's quiet hours allow, kept only if that instant is at or before the deadline. One time per bucket: the
/// earliest, since waiting inside a bucket only loses value.
/// </summary>
internal static class SlotFinder
{
    /// <summary>At most one slot per daypart over a week, plus now.</summary>
    public const int MaxTimes = WeekBuckets.Count + 1;

    public static int Find(DateTimeOffset now, DateTimeOffset end, TimeZoneInfo zone, DailyWindow? window, DailyWindow? quiet, Span<SlotTime> times)
    {
        var count = 0;
        var start = now;
        while (start <= end && count < times.Length)
        {
            var allowed = SendTimePlanner.IsAllowed(start, zone, window, quiet) ? start : SendTimePlanner.NextAllowed(start, zone, window, quiet);
            if (allowed is not { } at || at > end)
            {
                break;
            }

            var bucket = WeekBuckets.Of(at, zone);
            if (count == 0 || times[count - 1].Bucket != bucket)
            {
                times[count++] = new SlotTime(at, bucket);
            }

            start = WeekBuckets.NextBoundary(at, zone);
        }

        return count;
    }
}
