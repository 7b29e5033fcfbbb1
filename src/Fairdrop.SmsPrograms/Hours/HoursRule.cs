using Fairdrop.Exchange.Matching;

namespace Fairdrop.SmsPrograms.Hours;

/// <summary>
/// When marketing texts may reach a recipient of one jurisdiction: the local hours, at most so many messages on one
/// subject in any 24 hours (null: no such limit), and the law it comes from.
/// </summary>
public sealed record HoursRule(string Jurisdiction, DailyWindow Hours, int? PerSubjectPer24Hours, string Source);
