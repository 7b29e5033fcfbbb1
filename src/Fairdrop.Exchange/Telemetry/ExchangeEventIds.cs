namespace Fairdrop.Exchange.Telemetry;

/// <summary>
/// The exchange's log event ids, 4000–4299 (docs/telemetry.md lists every module's range): 4000s matching, dispatch and
/// intake, 4100s engagement (webhooks, tracking, inbound), 4200s web push. An id means one thing only.
/// </summary>
internal static class ExchangeEventIds
{
    public const int DistributionMatched = 4001;
    public const int SendFailed = 4002;
    public const int WorkerFailed = 4003;
    public const int EphemeralUnsubscribeSecret = 4004;
    public const int DeliveryHeld = 4005;
    public const int DeliveryResent = 4006;
    public const int JournalRecovered = 4007;
    public const int SmsAdopted = 4101;
    public const int WebhookSignatureRejected = 4102;
    public const int TrackingTokenRejected = 4103;
    public const int InboundRejected = 4104;
    public const int InboundReplayed = 4105;
    public const int InboundUnknownSender = 4106;
    public const int InboundHandlerFailed = 4107;
    public const int SmsStatus = 4108;
    public const int InboundPassFailed = 4109;
    public const int WebPushSubscriptionGone = 4201;
    public const int WebPushRejected = 4202;
    public const int SeriesPassFailed = 4301;
    public const int ConversationCopyFailed = 4302;
}
