namespace Fairdrop.SmsPrograms.Alerts;

/// <summary>What planning an alert did: texts planned (of which held for later by legal hours or subject limits) and dropped, by reason.</summary>
public sealed record AlertPlan(int Planned, int Held, int Dropped, IReadOnlyDictionary<string, int> DropReasons);
