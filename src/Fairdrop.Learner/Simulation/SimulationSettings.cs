using Fairdrop.Exchange.Matching;
using Fairdrop.Exchange.Senders;

namespace Fairdrop.Learner.Simulation;

/// <summary>A simulated market: how many shoppers, how many days, the seed, and the sender every offer comes from.</summary>
internal sealed record SimulationSettings(int Shoppers, int Days, ulong Seed)
{
    /// <summary>Workers are fixed, not the machine's cores, so a seeded run sums in the same order everywhere (bit for bit).</summary>
    public const int Workers = 4;

    public static readonly DateTimeOffset Start = new(2026, 3, 2, 0, 0, 0, TimeSpan.Zero);

    /// <summary>A restock sender: every channel, a 07:00–22:00 window, at most 2 a day and 10 a week, consent for email and SMS.</summary>
    public static readonly SenderRules Sender = new(
        [Channel.Email, Channel.Sms, Channel.WebPush, Channel.InApp],
        new DailyWindow(new TimeOnly(7, 0), new TimeOnly(22, 0)),
        new Caps(PerDay: 2, PerWeek: 10),
        [Channel.Email, Channel.Sms],
        Delivery: DeliveryMode.Learned);
}
