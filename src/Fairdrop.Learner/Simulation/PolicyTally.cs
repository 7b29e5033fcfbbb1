namespace Fairdrop.Learner.Simulation;

/// <summary>One policy's counts on one worker (summed in worker order afterwards, so a seeded run sums the same way every time).</summary>
internal sealed class PolicyTally(int days)
{
    public long Offers { get; set; }

    public long Sent { get; set; }

    public long Engaged { get; set; }

    public long Seen { get; set; }

    public long CapDrops { get; set; }

    public long NoSlotDrops { get; set; }

    public long Violations { get; set; }

    public double Expected { get; set; }

    public double Regret { get; set; }

    public double Cost { get; set; }

    public long[] OffersByDay { get; } = new long[days];

    public long[] EngagedByDay { get; } = new long[days];

    public void Add(PolicyTally other)
    {
        Offers += other.Offers;
        Sent += other.Sent;
        Engaged += other.Engaged;
        Seen += other.Seen;
        CapDrops += other.CapDrops;
        NoSlotDrops += other.NoSlotDrops;
        Violations += other.Violations;
        Expected += other.Expected;
        Regret += other.Regret;
        Cost += other.Cost;
        for (var d = 0; d < OffersByDay.Length; d++)
        {
            OffersByDay[d] += other.OffersByDay[d];
            EngagedByDay[d] += other.EngagedByDay[d];
        }
    }
}
