namespace Fairdrop.Exchange.Deliveries;

/// <summary>The ways a claim ends: each moves the row out of <c>sending</c>.</summary>
internal enum DeliveryOutcomeKind
{
    Sent,
    Retry,
    Dead,
    Failed,
    FallBack,
    Release,

    /// <summary>Not sent: the recipient withdrew consent or opted out after matching; the reason is a drop code.</summary>
    Dropped,

    /// <summary>Uncertain after a crash and its channel holds such deliveries for the operator (status <c>uncertain</c>).</summary>
    Hold,
}
