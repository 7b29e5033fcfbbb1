namespace Fairdrop.Exchange.Matching;

/// <summary>One recipient to place: the delivery's id, the channels still allowed (consent and contacts applied), the zone and quiet hours.</summary>
public readonly record struct DeliveryQuestion(Guid DeliveryId, Guid RecipientId, ChannelSet Allowed, TimeZoneInfo Zone, DailyWindow? QuietHours);
