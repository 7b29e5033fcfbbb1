using Fairdrop.Gate.Activity;

namespace Fairdrop.Gate.Recommendations.Analysis;

/// <summary>The activity options of a replay: the live gate's horizon and limits, in this process's memory, never Redis.</summary>
internal static class ReplayActivity
{
    /// <summary>
    /// Probes and candidates share each identity's ring of events in one replay; a ring of <paramref name="minEvents"/>
    /// keeps every count what it would be for one rule alone (whose ring holds only the actions it asks about).
    /// </summary>
    public static ActivityOptions From(ActivityOptions live, int minEvents = 0) => new()
    {
        Horizon = live.Horizon,
        MaxIdentities = live.MaxIdentities,
        MaxEventsPerIdentity = Math.Max(live.MaxEventsPerIdentity, minEvents),
        MaxEventMemoryMegabytes = minEvents > 0 ? Math.Max(live.MaxEventMemoryMegabytes, 1_024) : live.MaxEventMemoryMegabytes,
    };
}
