namespace Fairdrop.Exchange.Inbound;

/// <summary>
/// A message from a recipient to the merchant (an SMS, an in-app reply): who sent it (when known), the delivery it
/// answers (when known), its text, and the keyword it was (STOP, START, HELP) if any.
/// </summary>
public sealed record InboundMessage(
    Guid Id,
    Guid MerchantId,
    Guid? RecipientId,
    Guid? DeliveryId,
    string Channel,
    string From,
    string? To,
    string Body,
    string ProviderId,
    DateTimeOffset ReceivedAt)
{
    /// <summary>The compliance keyword the text was, or null; not stored, derived from the body.</summary>
    public string? Keyword => Channel == "sms" ? SmsKeywords.Classify(Body) : null;
}
