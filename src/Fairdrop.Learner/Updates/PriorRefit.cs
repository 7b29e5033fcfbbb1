using Dapper;
using Fairdrop.Core.Storage;
using Fairdrop.Learner.Model;
using Fairdrop.Learner.Storage;

namespace Fairdrop.Learner.Updates;

/// <summary>
/// The batch job: refits a merchant's priors (population, then each segment toward it) from every recipient's state,
/// read as one stream, and stores them for the next decisions. Memory is the states themselves, ~300 bytes a recipient.
/// </summary>
internal sealed class PriorRefit(DbConnectionFactory connections, TimeProvider time)
{
    public async Task<int> RefitAsync(Guid merchantId, CancellationToken cancellationToken)
    {
        var recipients = new List<(string? Segment, RecipientState State)>();
        await using (var connection = await connections.OpenAsync(cancellationToken))
        {
            // Streamed: only the parsed states stay in memory, not the rows as well.
            var rows = connection.QueryUnbufferedAsync<(string? Segment, byte[] State)>(
                "SELECT segment, state FROM learner_recipients WHERE merchant_id = @merchantId ORDER BY recipient_id", new { merchantId });
            await foreach (var (segment, state) in rows.WithCancellation(cancellationToken))
            {
                recipients.Add((segment, RecipientState.Deserialize(state)));
            }
        }

        var priors = Priors.Fit(recipients);
        await using var write = await connections.OpenAsync(cancellationToken);
        await using var transaction = await connections.Dialect.BeginWriteAsync(write, cancellationToken);
        await LearnerStore.SavePriorsAsync(write, transaction.Transaction, merchantId, priors, recipients.Count, time.GetUtcNow(), cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return recipients.Count;
    }
}
