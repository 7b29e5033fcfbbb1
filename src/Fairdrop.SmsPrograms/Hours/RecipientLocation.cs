namespace Fairdrop.SmsPrograms.Hours;

/// <summary>
/// Where a number is presumed to be, as far as the hours rules care: every time zone it may be in (a text must be
/// allowed in all of them) and the rule of its jurisdiction. One instance per number prefix, shared.
/// </summary>
internal sealed record RecipientLocation(IReadOnlyList<TimeZoneInfo> Zones, HoursRule Rule);
