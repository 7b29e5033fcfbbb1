using Cronos;

namespace Fairdrop.Batch.Definition;

/// <summary>When a job runs by itself: every fixed interval, or on a cron expression (UTC).</summary>
public sealed record JobSchedule(TimeSpan? Interval, CronExpression? Cron)
{
    public static JobSchedule Every(TimeSpan interval)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(interval, TimeSpan.Zero);
        return new JobSchedule(interval, null);
    }

    /// <summary>A five-field cron expression, or six with seconds.</summary>
    public static JobSchedule CronUtc(string expression)
    {
        var fields = expression.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length;
        return new JobSchedule(null, CronExpression.Parse(expression, fields == 6 ? CronFormat.IncludeSeconds : CronFormat.Standard));
    }

    /// <summary>The next due time strictly after <paramref name="after"/>; null when a cron has no more occurrences.</summary>
    public DateTimeOffset? NextAfter(DateTimeOffset after) =>
        Interval is { } interval ? after + interval : Cron!.GetNextOccurrence(after, TimeZoneInfo.Utc);
}
