namespace Fairdrop.Exchange.Matching;

/// <summary>A chooser's answer for one <see cref="DeliveryQuestion"/>: a channel, an optional fallback and a send time, or a drop reason.</summary>
public readonly record struct DeliveryChoice(DropReason Reason, Channel Channel, Channel? Fallback, DateTimeOffset SendAt)
{
    public static DeliveryChoice Drop(DropReason reason) => new(reason, default, null, default);
}
