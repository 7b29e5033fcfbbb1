namespace Fairdrop.Learner.Updates;

/// <summary>
/// A pending decision as the update reads it: whose, on which arm, and until when an engagement counts. Settable
/// properties rather than a positional record: the databases report the integer column as different widths.
/// </summary>
internal sealed class OpenDecision
{
    public Guid DeliveryId { get; set; }

    public Guid RecipientId { get; set; }

    public string? Segment { get; set; }

    public string Channel { get; set; } = string.Empty;

    public int Bucket { get; set; }

    public DateTimeOffset SendAt { get; set; }

    public DateTimeOffset SettleBy { get; set; }
}
