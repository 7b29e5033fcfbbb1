using System.Data.Common;
using System.Text.Json;
using Dapper;

namespace Fairdrop.Exchange.Deliveries;

/// <summary>
/// The send ledger's statements (exchange_in_flight, docs/adr/0014), run inside the outcome transaction: recorded
/// deliveries leave it, deliveries about to be handed to their channel enter it. Each is one statement over a JSON
/// array, as the sent outcomes are.
/// </summary>
internal static class SendLedgerSql
{
    public static async Task WriteAsync(
        DbConnection connection, DbTransaction transaction, bool postgres, IReadOnlyList<ClaimedDelivery> ended, IReadOnlyList<ClaimedDelivery> started, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (ended.Count > 0)
        {
            await connection.ExecuteAsync(new CommandDefinition(
                postgres
                    ? "DELETE FROM exchange_in_flight WHERE delivery_id IN (SELECT CAST(value #>> '{}' AS uuid) FROM jsonb_array_elements(CAST(@ids AS jsonb)))"
                    : "DELETE FROM exchange_in_flight WHERE delivery_id IN (SELECT value FROM json_each(@ids))",
                new { ids = JsonSerializer.Serialize(ended.Select(d => d.Id)) },
                transaction,
                cancellationToken: cancellationToken));
        }

        if (started.Count > 0)
        {
            // A delivery sent again after a crash is in the ledger already, from the attempt that died.
            await connection.ExecuteAsync(new CommandDefinition(
                postgres
                    ? """
                      INSERT INTO exchange_in_flight (delivery_id, channel, started_at)
                      SELECT j.id, j.channel, @now FROM jsonb_to_recordset(CAST(@rows AS jsonb)) AS j(id uuid, channel text)
                      ON CONFLICT (delivery_id) DO UPDATE SET started_at = excluded.started_at
                      """
                    : """
                      INSERT INTO exchange_in_flight (delivery_id, channel, started_at)
                      SELECT j.value ->> 'id', j.value ->> 'channel', @now FROM json_each(@rows) AS j WHERE true
                      ON CONFLICT (delivery_id) DO UPDATE SET started_at = excluded.started_at
                      """,
                new { rows = JsonSerializer.Serialize(started.Select(d => new { id = d.Id, channel = d.Channel })), now },
                transaction,
                cancellationToken: cancellationToken));
        }
    }
}
