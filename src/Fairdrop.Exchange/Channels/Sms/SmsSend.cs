namespace Fairdrop.Exchange.Channels.Sms;

/// <summary>The provider-side record of one SMS delivery: its state and, once the provider answered, its message id.</summary>
internal sealed record SmsSend(Guid DeliveryId, Guid MerchantId, string ToNumber, string BodyHash, DateTimeOffset FirstAttemptAt, string State, string? Sid)
{
    public const string Pending = "pending";
    public const string Uncertain = "uncertain";
    public const string Refused = "refused";
    public const string Sent = "sent";
}
