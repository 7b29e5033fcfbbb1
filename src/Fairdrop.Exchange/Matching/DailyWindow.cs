namespace Fairdrop.Exchange.Matching;

/// <summary>
/// A span of local wall-clock time that repeats every day, [Start, End). It wraps past midnight when
/// End is before Start (22:00–07:00); Start equal to End means the whole day.
/// </summary>
public readonly record struct DailyWindow(TimeOnly Start, TimeOnly End)
{
    public bool Contains(TimeOnly time)
    {
        if (Start == End)
        {
            return true;
        }

        return Start < End ? time >= Start && time < End : time >= Start || time < End;
    }
}
