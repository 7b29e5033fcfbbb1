using Fairdrop.Exchange.Matching;

namespace Fairdrop.Exchange.Senders;

/// <summary>
/// A sender's side of every match: the channels it may use (in its fallback order), the window it may send in
/// (recipient's local time), its caps per recipient, the channels that need recorded consent, and whether its
/// messages are critical (they bypass caps and quiet hours, never consent), and how the channel and time are chosen
/// (<see cref="DeliveryMode.Learned"/>: by the learner, within the same constraints).
/// </summary>
public sealed record SenderRules(
    IReadOnlyList<Channel> Channels,
    DailyWindow? SendWindow = null,
    Caps? Caps = null,
    IReadOnlyList<Channel>? ConsentRequired = null,
    bool Critical = false,
    DeliveryMode Delivery = DeliveryMode.Standard)
{
    public static readonly SenderRules Default = new([Channel.Email, Channel.InApp, Channel.Webhook], null, null, [Channel.Email]);
}
