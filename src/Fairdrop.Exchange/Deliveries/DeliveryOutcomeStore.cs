using System.Buffers;
using System.Text;
using System.Text.Json;
using Dapper;
using Fairdrop.Core.Storage;
using Fairdrop.Exchange.Engagement;

namespace Fairdrop.Exchange.Deliveries;

/// <summary>
/// Ends the claims of a dispatched batch: every outcome and its engagement events in one transaction
/// (docs/adr/0004-batched-delivery-outcomes.md).
/// </summary>
internal sealed class DeliveryOutcomeStore(DbConnectionFactory connections)
{
    private readonly bool _postgres = connections.Dialect.Name == "postgres";

    private string MarkSent => _postgres
        ? """
          UPDATE exchange_deliveries AS d SET status = 'sent', sent_at = @now, provider_id = j.provider, attempts = d.attempts + 1 + coalesce(j.recovered, 0), claimed_until = NULL, last_error = NULL,
            reason = CASE WHEN j.recovered = 1 THEN 'recovered_after_crash' ELSE d.reason END
          FROM jsonb_to_recordset(CAST(@rows AS jsonb)) AS j(id uuid, provider text, recovered int)
          WHERE d.id = j.id AND d.status = 'sending'
          """
        : """
          UPDATE exchange_deliveries SET status = 'sent', sent_at = @now, provider_id = j.value ->> 'provider', attempts = attempts + 1 + coalesce(j.value ->> 'recovered', 0), claimed_until = NULL, last_error = NULL,
            reason = CASE WHEN j.value ->> 'recovered' = 1 THEN 'recovered_after_crash' ELSE reason END
          FROM jsonb_each(CAST(@rows AS TEXT)) AS j
          WHERE exchange_deliveries.rowid = coalesce(j.value ->> 'row', (SELECT e.rowid FROM exchange_deliveries AS e WHERE e.id = j.value ->> 'id'))
            AND exchange_deliveries.id = j.value ->> 'id' AND exchange_deliveries.status = 'sending'
          """;

    /// <summary>
    /// Records a batch's outcomes and their engagement events in one transaction: the sent rows (nearly all of them)
    /// in one statement over a JSON array, the rest row by row. Only the claim's holder moves a row out of sending.
    /// With the send ledger (docs/adr/0014), the same transaction applies <paramref name="ledger"/>'s changes to it.
    /// </summary>
    public async Task RecordAsync(
        IReadOnlyList<DeliveryOutcome> outcomes,
        IReadOnlyList<NewEngagementEvent> events,
        DateTimeOffset now,
        CancellationToken cancellationToken,
        LedgerChanges? ledger = null)
    {
        if (outcomes.Count == 0 && (ledger is null || ledger.IsEmpty))
        {
            return;
        }

        // Encoded before the write lock is taken: on SQLite every other writer waits for it.
        var sent = outcomes.Where(o => o.Kind == DeliveryOutcomeKind.Sent).ToList();
        var sentRows = sent.Count > 0 ? SentRows(sent) : null;
        await using var connection = await connections.OpenAsync(cancellationToken);
        await using var write = await connections.Dialect.BeginWriteAsync(connection, cancellationToken);
        var transaction = write.Transaction;
        if (sentRows is not null)
        {
            await connection.ExecuteAsync(new CommandDefinition(MarkSent, new { now, rows = sentRows }, transaction, cancellationToken: cancellationToken));
        }

        foreach (var outcome in outcomes.Where(o => o.Kind != DeliveryOutcomeKind.Sent))
        {
            await connection.ExecuteAsync(new CommandDefinition(
                $"UPDATE exchange_deliveries SET {SetClause(outcome.Kind)} WHERE id = @id AND status = 'sending'",
                new
                {
                    id = outcome.Delivery.Id,
                    at = outcome.At,
                    error = outcome.Error,
                    channel = outcome.Channel,
                    status = outcome.Kind == DeliveryOutcomeKind.Dead ? DeliveryStatus.Dead : DeliveryStatus.Retrying,
                },
                transaction,
                cancellationToken: cancellationToken));
        }

        foreach (var outcome in outcomes.Where(o => o.Delivery.Uncertain && o.Kind is not (DeliveryOutcomeKind.Sent or DeliveryOutcomeKind.Hold or DeliveryOutcomeKind.Dropped)))
        {
            // Sent again after a crash but not (yet) sent: still a possible duplicate once it is.
            await connection.ExecuteAsync(new CommandDefinition(
                "UPDATE exchange_deliveries SET reason = 'recovered_after_crash', attempts = attempts + 1 WHERE id = @id",
                new { id = outcome.Delivery.Id },
                transaction,
                cancellationToken: cancellationToken));
        }

        if (ledger is not null)
        {
            await SendLedgerSql.WriteAsync(connection, transaction, _postgres, ledger.Ended, ledger.Started, now, cancellationToken);
        }

        await EngagementStore.InsertAsync(connection, transaction, events, cancellationToken);
        await write.CommitAsync(cancellationToken);
    }

    private static string SetClause(DeliveryOutcomeKind kind) => kind switch
    {
        DeliveryOutcomeKind.Retry or DeliveryOutcomeKind.Dead =>
            "status = @status, next_attempt_at = @at, attempts = attempts + 1, claimed_until = NULL, last_error = @error",
        DeliveryOutcomeKind.Failed => "status = 'failed', attempts = attempts + 1, claimed_until = NULL, last_error = @error",
        DeliveryOutcomeKind.FallBack =>
            "status = 'scheduled', channel = @channel, fallback_channel = NULL, next_attempt_at = @at, attempts = attempts + 1, claimed_until = NULL, last_error = @error",
        // Dropped at send time (consent withdrawn or opted out since matching): no attempt was made.
        DeliveryOutcomeKind.Dropped => "status = 'dropped', reason = @error, claimed_until = NULL",
        // Uncertain after a crash, held for the operator: the lost attempt counts.
        DeliveryOutcomeKind.Hold => "status = 'uncertain', reason = @error, attempts = attempts + 1, claimed_until = NULL",
        // Handed back without an attempt: the attempt count stays.
        DeliveryOutcomeKind.Release => "status = 'scheduled', next_attempt_at = @at, claimed_until = NULL",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Sent rows are written in bulk."),
    };

    /// <summary>The sent rows as a JSON array of {id, provider}, with SQLite's rowid as row, unpacked by the database in one statement.</summary>
    private object SentRows(List<DeliveryOutcome> sent)
    {
        var buffer = new ArrayBufferWriter<byte>(sent.Count * 96);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartArray();
            foreach (var outcome in sent)
            {
                writer.WriteStartObject();
                writer.WriteString("id", outcome.Delivery.Id);
                if (!_postgres && outcome.Delivery.Row > 0)
                {
                    // Found by rowid; the id is compared too, since a VACUUM may renumber rowids. Handed deliveries
                    // (DispatchHandoff) were never read back, so they have no rowid and are found by id.
                    writer.WriteNumber("row", outcome.Delivery.Row);
                }

                writer.WriteString("provider", outcome.ProviderId);
                if (outcome.Delivery.Uncertain)
                {
                    // The attempt that died unrecorded counts too, and the row says it may be a duplicate.
                    writer.WriteNumber("recovered", 1);
                }

                writer.WriteEndObject();
            }

            writer.WriteEndArray();
        }

        // SQLite takes the UTF-8 bytes as they are (CAST to text in the statement); PostgreSQL casts a text parameter.
        return _postgres ? Encoding.UTF8.GetString(buffer.WrittenSpan) : buffer.WrittenSpan.ToArray();
    }
}
