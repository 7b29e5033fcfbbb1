namespace Fairdrop.Gate.Recommendations;

/// <summary>
/// What a rule would have changed on the merchant's latest placed drop, had the shoppers it touches entered it as
/// suspected bots (the gate's verdicts reach drops, whose bot policy sends them behind everyone else): of the
/// <see cref="Served"/> first places its units serve, how many held labelled humans and labelled bots, before and after.
/// </summary>
public sealed record DropEffect(
    Guid DropId, string Drop, long Served, long Moved, long HumansServedBefore, long HumansServedAfter, long BotsServedBefore, long BotsServedAfter)
{
    /// <summary>True when more labelled humans would have been served: the human queue moved up.</summary>
    public bool HumansMovedUp => HumansServedAfter > HumansServedBefore;
}
