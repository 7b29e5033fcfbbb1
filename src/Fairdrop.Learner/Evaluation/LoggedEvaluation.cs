using System.Text.Json;
using Dapper;
using Fairdrop.Core.Storage;
using Fairdrop.Learner.Decisions;
using Fairdrop.Learner.Storage;

namespace Fairdrop.Learner.Evaluation;

/// <summary>
/// Off-policy estimates on a merchant's own history: every settled learned decision since a time (its alternatives,
/// choice, propensity and outcome, as recorded), replayed under each target policy (<see cref="TargetPolicies"/>).
/// </summary>
internal sealed class LoggedEvaluation(DbConnectionFactory connections)
{
    public async Task<IReadOnlyList<OffPolicyEstimate>> EstimateAsync(Guid merchantId, DateTimeOffset since, CancellationToken cancellationToken)
    {
        var decisions = new List<(IReadOnlyList<TargetPolicies.Option> Options, int Chosen, double Propensity, bool Engaged)>();
        await using (var connection = await connections.OpenAsync(cancellationToken))
        {
            var rows = connection.QueryUnbufferedAsync<Row>(
                $"""
                SELECT alternatives AS Alternatives, propensity AS Propensity, outcome AS Outcome FROM learner_decisions
                WHERE merchant_id = @merchantId AND decided_at >= @since AND outcome IN ({Outcomes.NotEngaged}, {Outcomes.Engaged}) ORDER BY delivery_id
                """,
                new { merchantId, since });
            await foreach (var row in rows.WithCancellation(cancellationToken))
            {
                var document = JsonSerializer.Deserialize<DecisionDocument>(row.Alternatives, LearnedDeliveryChooser.Json);
                var options = document?.Alternatives.Select(a => new TargetPolicies.Option(a.Channel, a.SendAt, a.Probability, a.Expected)).ToList();
                var chosen = document?.Alternatives.ToList().FindIndex(a => a.Chosen) ?? -1;
                if (options is { Count: > 0 } && chosen >= 0)
                {
                    decisions.Add((options, chosen, row.Propensity, row.Outcome == Outcomes.Engaged));
                }
            }
        }

        return [.. TargetPolicies.All.Select(t => Estimators.Estimate(
            t.Name, [.. decisions.Select(d => TargetPolicies.Sample(d.Options, d.Chosen, d.Propensity, d.Engaged, t.Pick))], null))];
    }

    /// <summary>Settable properties: the databases report the integer outcome as different widths.</summary>
    private sealed class Row
    {
        public string Alternatives { get; set; } = "{}";

        public double Propensity { get; set; }

        public int Outcome { get; set; }
    }
}
