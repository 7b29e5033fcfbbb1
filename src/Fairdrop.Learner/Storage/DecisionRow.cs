using System.Text.Json;
using Fairdrop.Learner.Decisions;

namespace Fairdrop.Learner.Storage;

/// <summary>
/// A <c>learner_decisions</c> row as read back for an explanation. Settable properties rather than a positional
/// record: SQLite and PostgreSQL report the integer outcome as different widths.
/// </summary>
internal sealed class DecisionRow
{
    public const string Columns =
        "delivery_id AS DeliveryId, distribution_id AS DistributionId, recipient_id AS RecipientId, channel AS Channel, send_at AS SendAt, reason AS Reason, propensity AS Propensity, alternatives AS Alternatives, outcome AS Outcome, decided_at AS DecidedAt";

    public Guid DeliveryId { get; set; }

    public Guid DistributionId { get; set; }

    public Guid RecipientId { get; set; }

    public string? Channel { get; set; }

    public DateTimeOffset SendAt { get; set; }

    public string? Reason { get; set; }

    public double Propensity { get; set; }

    public string Alternatives { get; set; } = "{}";

    public int? Outcome { get; set; }

    public DateTimeOffset DecidedAt { get; set; }

    public DecisionExplanation ToExplanation()
    {
        var document = JsonSerializer.Deserialize<DecisionDocument>(Alternatives, LearnedDeliveryChooser.Json)
            ?? throw new JsonException("A stored decision has no alternatives document.");
        return new DecisionExplanation(DeliveryId, DistributionId, RecipientId, Channel, SendAt, Reason, Propensity, Outcomes.Name(Outcome), document.Summary, document.Alternatives, DecidedAt);
    }
}
