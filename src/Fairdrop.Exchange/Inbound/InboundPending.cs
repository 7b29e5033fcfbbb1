using System.Data.Common;
using Dapper;
using Fairdrop.Core.Storage;

namespace Fairdrop.Exchange.Inbound;

/// <summary>The batch handlers' queue in <c>exchange_inbound</c> (column <c>pending</c>), on the caller's write transaction.</summary>
internal static class InboundPending
{
    /// <summary>Any number, the same on every node: only one node handles the queue at a time, so a number's texts are handled in order.</summary>
    private const long LockKey = 0x0FA1_D1B0;

    /// <summary>Takes the queue's lock for this transaction and reads up to <paramref name="limit"/> waiting messages, oldest place first.</summary>
    public static async Task<IReadOnlyList<InboundMessage>> ClaimAsync(DbConnection connection, DbTransaction transaction, SqlDialect dialect, int limit, CancellationToken cancellationToken)
    {
        await dialect.LockUntilCommitAsync(transaction, LockKey, cancellationToken);
        return (await connection.QueryAsync<InboundMessage>(new CommandDefinition(
            $"SELECT {InboundStore.Columns} FROM exchange_inbound WHERE pending IS NOT NULL ORDER BY pending LIMIT @limit",
            new { limit },
            transaction,
            cancellationToken: cancellationToken))).AsList();
    }

    /// <summary>Marks the messages handled (or given up on), in the transaction that wrote their effects.</summary>
    public static Task DoneAsync(DbConnection connection, DbTransaction transaction, IReadOnlyCollection<InboundMessage> messages, CancellationToken cancellationToken)
    {
        var parameters = new DynamicParameters();
        var ids = SqlList.In("id", messages.Select(m => m.Id).ToList(), parameters, "m");
        return connection.ExecuteAsync(new CommandDefinition($"UPDATE exchange_inbound SET pending = NULL WHERE {ids}", parameters, transaction, cancellationToken: cancellationToken));
    }
}
