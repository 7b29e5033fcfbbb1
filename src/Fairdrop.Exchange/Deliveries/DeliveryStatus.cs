namespace Fairdrop.Exchange.Deliveries;

/// <summary>
/// A delivery's states: scheduled → sending → sent | retrying → failed / dead; dropped at matching; uncertain when a
/// crash left its send unrecorded and its channel holds such deliveries for the operator (then scheduled or dropped).
/// </summary>
public static class DeliveryStatus
{
    public const string Dropped = "dropped";
    public const string Scheduled = "scheduled";
    public const string Sending = "sending";
    public const string Sent = "sent";
    public const string Retrying = "retrying";
    public const string Failed = "failed";
    public const string Dead = "dead";
    public const string Uncertain = "uncertain";

    public static readonly string[] All = [Dropped, Scheduled, Sending, Sent, Retrying, Failed, Dead, Uncertain];
}
