using Fairdrop.SmsPrograms.Hours;

namespace Fairdrop.SmsPrograms.Alerts;

/// <summary>
/// Plans one alert for many subscribers: each number's location (cached by prefix), its legal hours and its subject
/// limit. Everyone at one location without recent texts on the subject gets the same answer, so that answer is
/// computed once per location: a million alerts cost a dictionary look-up each, not a zone conversion.
/// </summary>
internal sealed class AlertScheduler(DateTimeOffset now, DateTimeOffset? deadline, IReadOnlyDictionary<Guid, List<DateTimeOffset>> history)
{
    private static readonly List<DateTimeOffset> None = [];
    private readonly Dictionary<RecipientLocation, PlannedSend> _byLocation = new(ReferenceEqualityComparer.Instance);

    public PlannedSend Plan(Guid subscriberId, string phone)
    {
        if (LocationResolver.Resolve(phone) is not { } location)
        {
            return PlannedSend.Dropped(DropReasons.UnknownNumber);
        }

        if (history.TryGetValue(subscriberId, out var sent))
        {
            return LegalHoursPlanner.Plan(now, deadline, location, sent);
        }

        if (!_byLocation.TryGetValue(location, out var planned))
        {
            _byLocation[location] = planned = LegalHoursPlanner.Plan(now, deadline, location, None);
        }

        return planned;
    }
}
