using Fairdrop.Core.Errors;
using Fairdrop.Mailboxes.Model;

namespace Fairdrop.Mailboxes.Ranges;

/// <summary>
/// What a range means at an instant, and how several combine (ADR 0025). Ranges are instants, so the clock's time zone
/// and any local clock change are irrelevant: only <see cref="TimeProvider.GetUtcNow"/> moves a rolling or open range.
/// </summary>
internal static class RangeRules
{
    /// <summary>The system's initial time: the start of an <see cref="RangeKind.Until"/> range.</summary>
    public const long InitialTime = 0;

    /// <summary>The error naming the field when <paramref name="range"/> is not a valid range of its kind; null when it is.</summary>
    public static Error? Validate(RangeSpec range, string prefix = "")
    {
        switch (range.Kind)
        {
            case RangeKind.Rolling:
                if (range.Length is not { } length)
                {
                    return Error.Validation(prefix + "length", "A rolling range needs a length.");
                }

                return length <= TimeSpan.Zero ? Error.Validation(prefix + "length", "A rolling range's length must be greater than zero.") : null;
            case RangeKind.Since:
                return range.Start is null ? Error.Validation(prefix + "start", "A since range needs a start.") : null;
            case RangeKind.Until:
                return range.Deadline is null ? Error.Validation(prefix + "deadline", "An until range needs a deadline.") : null;
            case RangeKind.Between:
                if (range.Start is not { } start)
                {
                    return Error.Validation(prefix + "start", "A between range needs a start.");
                }

                if (range.Deadline is not { } deadline)
                {
                    return Error.Validation(prefix + "deadline", "A between range needs a deadline.");
                }

                return start > deadline ? Error.Validation(prefix + "start", "The start must not be after the deadline.") : null;
            default:
                return Error.Validation(prefix + "kind", "The kind must be rolling, since, until or between.");
        }
    }

    /// <summary>The interval a valid range covers at <paramref name="now"/> (empty, From &gt; To, when a start is still in the future).</summary>
    public static Interval Resolve(RangeSpec range, DateTimeOffset now)
    {
        var nowMs = now.ToUnixTimeMilliseconds();
        return range.Kind switch
        {
            RangeKind.Rolling => new Interval(nowMs - (long)range.Length!.Value.TotalMilliseconds, nowMs),
            RangeKind.Since => new Interval(range.Start!.Value.ToUnixTimeMilliseconds(), nowMs),
            RangeKind.Until => new Interval(InitialTime, range.Deadline!.Value.ToUnixTimeMilliseconds()),
            RangeKind.Between => new Interval(range.Start!.Value.ToUnixTimeMilliseconds(), range.Deadline!.Value.ToUnixTimeMilliseconds()),
            _ => throw new ArgumentOutOfRangeException(nameof(range)),
        };
    }

    /// <summary>
    /// The combination rule: the most specific level that has any range wins outright — the user's own ranges, else their
    /// employee record's, else their role's, else the account default; within that level the ranges add up (union).
    /// No range at any level: nothing is visible. Returns the winning level's subject and ranges.
    /// </summary>
    public static (MailboxUser? From, IReadOnlyList<MailboxRange> Ranges) Combine(IReadOnlyList<MailboxRange> accountRanges, IReadOnlyList<MailboxUser> callerLevels)
    {
        foreach (var level in callerLevels)
        {
            var matching = accountRanges.Where(r => r.Subject == level).ToList();
            if (matching.Count > 0)
            {
                return (level, matching);
            }
        }

        return (null, []);
    }

    /// <summary>The levels of a caller, most specific first, always ending with the account default.</summary>
    public static IReadOnlyList<MailboxUser> Levels(Guid? userId, Guid? employeeId, string? role)
    {
        var levels = new List<MailboxUser>(4);
        if (userId is { } user)
        {
            levels.Add(MailboxUser.ForUser(user));
        }

        if (employeeId is { } employee)
        {
            levels.Add(MailboxUser.ForEmployee(employee));
        }

        if (!string.IsNullOrEmpty(role))
        {
            levels.Add(MailboxUser.ForRole(role));
        }

        levels.Add(MailboxUser.Default);
        return levels;
    }

    public static IReadOnlyList<Interval> Intervals(IEnumerable<MailboxRange> ranges, DateTimeOffset now) =>
        Interval.Normalize(ranges.Select(r => Resolve(r.Range, now)));
}
