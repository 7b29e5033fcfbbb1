namespace Fairdrop.Exchange.Matching;

/// <summary>
/// One recipient to place: the delivery's id, the channels still allowed (contacts and consent applied), the zone and
/// quiet hours, and the recipient's <c>segment</c> attribute when it has one (a learner's priors can differ by segment).
/// </summary>
public readonly record struct DeliveryQuestion(Guid DeliveryId, Guid RecipientId, ChannelSet Allowed, TimeZoneInfo Zone, DailyWindow? QuietHours, string? Segment);
