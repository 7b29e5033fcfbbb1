using Fairdrop.Exchange.Matching;
using Fairdrop.Exchange.Senders;

namespace Fairdrop.Learner.Simulation;

/// <summary>
/// Checks every simulated send against the hard constraints, recomputed from scratch rather than trusted from the slot
/// search: the channel is allowed (contact and consent), the time is inside the sender's window and outside quiet hours
/// in the shopper's zone, not before the decision nor after the deadline, and the caps were not reached.
/// </summary>
internal static class ConstraintAudit
{
    public static bool Violates(SenderRules sender, ShopperTruth shopper, SimulatedOffer offer, Channel channel, DateTimeOffset sendAt, SentCounts sent) =>
        (shopper.Allowed & (ChannelSet)(1 << (int)channel)) == 0
        || !sender.Channels.Contains(channel)
        || !SendTimePlanner.IsAllowed(sendAt, shopper.Zone, sender.SendWindow, shopper.QuietHours)
        || sendAt < offer.Now
        || sendAt > offer.Deadline
        || (sender.Caps ?? Caps.None).Reached(sent);
}
