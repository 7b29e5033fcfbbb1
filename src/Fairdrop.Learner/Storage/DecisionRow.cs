using System.Text.Json;
using Fairdrop.Learner.Decisions;

namespace Fairdrop.Learner.Storage;

/// <summary>A <c>learner_decisions</c> row as read back for an explanation.</summary>
internal sealed record DecisionRow(
    Guid DeliveryId, Guid DistributionId, Guid RecipientId, string? Channel, DateTimeOffset SendAt, string? Reason, double Propensity, string Alternatives, long? Outcome, DateTimeOffset DecidedAt)
{
    public const string Columns =
        "delivery_id AS DeliveryId, distribution_id AS DistributionId, recipient_id AS RecipientId, channel AS Channel, send_at AS SendAt, reason AS Reason, propensity AS Propensity, alternatives AS Alternatives, outcome AS Outcome, decided_at AS DecidedAt";

    public DecisionExplanation ToExplanation()
    {
        var document = JsonSerializer.Deserialize<DecisionDocument>(Alternatives, LearnedDeliveryChooser.Json)
            ?? throw new JsonException("A stored decision has no alternatives document.");
        return new DecisionExplanation(
            DeliveryId, DistributionId, RecipientId, Channel, SendAt, Reason, Propensity, Outcomes.Name((int?)Outcome), document.Summary, document.Alternatives, DecidedAt);
    }
}
