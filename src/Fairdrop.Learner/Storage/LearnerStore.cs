using System.Data.Common;
using Dapper;
using Fairdrop.Core.Storage;
using Fairdrop.Learner.Model;

namespace Fairdrop.Learner.Storage;

/// <summary>The learner's tables: recipients' evidence, priors, decisions and the event cursor. Writes take the caller's transaction.</summary>
internal sealed class LearnerStore(DbConnectionFactory connections)
{
    public DbConnectionFactory Connections => connections;

    public static async Task<Priors> PriorsAsync(DbConnection connection, DbTransaction? transaction, Guid merchantId, CancellationToken cancellationToken)
    {
        var json = await connection.QuerySingleOrDefaultAsync<string?>(new CommandDefinition(
            "SELECT priors FROM learner_priors WHERE merchant_id = @merchantId", new { merchantId }, transaction, cancellationToken: cancellationToken));
        return json is null ? Priors.Flat : PriorsJson.Read(json);
    }

    public static async Task SavePriorsAsync(DbConnection connection, DbTransaction transaction, Guid merchantId, Priors priors, long recipients, DateTimeOffset now, CancellationToken cancellationToken) =>
        await connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO learner_priors (merchant_id, priors, recipients, fitted_at) VALUES (@merchantId, @json, @recipients, @now)
            ON CONFLICT (merchant_id) DO UPDATE SET priors = excluded.priors, recipients = excluded.recipients, fitted_at = excluded.fitted_at
            """,
            new { merchantId, json = PriorsJson.Write(priors), recipients, now },
            transaction,
            cancellationToken: cancellationToken));

    /// <summary>The states of the given recipients that have one; the others start from the priors.</summary>
    public static async Task<Dictionary<Guid, RecipientState>> StatesAsync(
        DbConnection connection, DbTransaction? transaction, Guid merchantId, IReadOnlyCollection<Guid> recipients, CancellationToken cancellationToken)
    {
        var states = new Dictionary<Guid, RecipientState>();
        foreach (var chunk in recipients.Distinct().Chunk(500))
        {
            var parameters = new DynamicParameters(new { merchantId });
            var rows = await connection.QueryAsync<(Guid RecipientId, byte[] State)>(new CommandDefinition(
                $"SELECT recipient_id, state FROM learner_recipients WHERE merchant_id = @merchantId AND {SqlList.In("recipient_id", chunk, parameters, "r")}",
                parameters,
                transaction,
                cancellationToken: cancellationToken));
            foreach (var (id, state) in rows)
            {
                states[id] = RecipientState.Deserialize(state);
            }
        }

        return states;
    }

    public static async Task SaveStatesAsync(
        DbConnection connection, DbTransaction transaction, Guid merchantId, IEnumerable<(Guid RecipientId, string? Segment, RecipientState State)> states, DateTimeOffset now, CancellationToken cancellationToken)
    {
        foreach (var (recipientId, segment, state) in states)
        {
            await connection.ExecuteAsync(new CommandDefinition(
                """
                INSERT INTO learner_recipients (merchant_id, recipient_id, segment, state, updated_at) VALUES (@merchantId, @recipientId, @segment, @bytes, @now)
                ON CONFLICT (merchant_id, recipient_id) DO UPDATE SET segment = COALESCE(excluded.segment, learner_recipients.segment), state = excluded.state, updated_at = excluded.updated_at
                """,
                new { merchantId, recipientId, segment, bytes = state.Serialize(), now },
                transaction,
                cancellationToken: cancellationToken));
        }
    }

    public static async Task InsertDecisionsAsync(DbConnection connection, DbTransaction transaction, IEnumerable<DecisionRecord> decisions, CancellationToken cancellationToken)
    {
        foreach (var d in decisions)
        {
            await connection.ExecuteAsync(new CommandDefinition(
                """
                INSERT INTO learner_decisions (delivery_id, merchant_id, distribution_id, recipient_id, segment, channel, bucket, send_at, settle_by, reason, propensity, alternatives, outcome, decided_at)
                VALUES (@DeliveryId, @MerchantId, @DistributionId, @RecipientId, @Segment, @Channel, @Bucket, @SendAt, @SettleBy, @Reason, @Propensity, @Alternatives, @Outcome, @DecidedAt)
                ON CONFLICT (delivery_id) DO NOTHING
                """,
                new { d.DeliveryId, d.MerchantId, d.DistributionId, d.RecipientId, d.Segment, d.Channel, d.Bucket, d.SendAt, d.SettleBy, d.Reason, d.Propensity, d.Alternatives, Outcome = d.Reason is null ? null : (int?)Outcomes.Dropped, d.DecidedAt },
                transaction,
                cancellationToken: cancellationToken));
        }
    }
}
