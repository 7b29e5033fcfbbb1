namespace Fairdrop.Learner.Simulation;

/// <summary>
/// One offer to one shopper: when it is decided, its deadline, and the two uniforms that settle whether the shopper
/// engages and whether that is seen. Every policy gets the same offers and the same uniforms (common random numbers),
/// so their differences are their choices, not luck.
/// </summary>
internal readonly record struct SimulatedOffer(DateTimeOffset Now, DateTimeOffset Deadline, double EngageDraw, double ObserveDraw)
{
    private static readonly int[] DeadlineHours = [4, 8, 12, 24];

    /// <summary>The day's offers of a shopper: one, and a second on a quarter of days; times on a 15-minute grid so zones share slot searches.</summary>
    public static int ForDay(ulong seed, int shopper, int day, DateTimeOffset start, Span<SimulatedOffer> offers)
    {
        var random = Model.LearnerRandom.For(seed, (ulong)shopper, 0x0FFE00000UL + (ulong)day);
        var count = random.NextDouble() < 0.25 ? 2 : 1;
        for (var i = 0; i < count; i++)
        {
            var now = start.AddDays(day).AddMinutes(15 * random.Next(96));
            offers[i] = new SimulatedOffer(now, now.AddHours(DeadlineHours[random.Next(DeadlineHours.Length)]), random.NextDouble(), random.NextDouble());
        }

        if (count == 2 && offers[1].Now < offers[0].Now)
        {
            (offers[0], offers[1]) = (offers[1], offers[0]);
        }

        return count;
    }
}
