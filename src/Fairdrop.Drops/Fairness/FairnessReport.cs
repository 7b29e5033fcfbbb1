namespace Fairdrop.Drops.Fairness;

/// <summary>
/// How fair a drop was, from its recorded entries and sales. <see cref="SuspectedBots"/> includes the
/// <see cref="UnverifiedEntries"/> made since shopper tokens (they place as suspected bots).
/// </summary>
public sealed record FairnessReport(
    Guid DropId,
    int Entries,
    int PreQueueEntries,
    double ArrivalPlaceKendallTau,
    long Units,
    long UnitsSold,
    long Oversold,
    long PriorityUnits,
    double PriorityShare,
    double PriorityCap,
    int SuspectedBots,
    int UnverifiedEntries,
    int BotsHeldEndlessly,
    int BotsSold,
    WaitSummary HumanWaits,
    WaitSummary BotWaits,
    string ChartSvg);

/// <summary>Percentiles of the delays served, in seconds.</summary>
public sealed record WaitSummary(int Count, double P50, double P90, double P99, double Max);
