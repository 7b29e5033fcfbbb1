using System.Data.Common;
using Dapper;
using Fairdrop.Core.Storage;

namespace Fairdrop.Batch.Repository;

/// <summary>
/// A lease statement that must change exactly one row: true when it did (this owner holds the lease), false when it
/// changed none (the lease is someone else's, or gone). Run on the caller's transaction inside a chunk, where it also
/// fences the commit, or on a connection of its own from a heartbeat.
/// </summary>
internal static class LeaseUpdate
{
    public static async Task<bool> OneRowAsync(DbConnection connection, DbTransaction? transaction, string sql, object arguments, CancellationToken cancellationToken) =>
        await connection.ExecuteAsync(new CommandDefinition(sql, arguments, transaction, cancellationToken: cancellationToken)) == 1;

    public static async Task<bool> OneRowAsync(DbConnectionFactory connections, string sql, object arguments, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        return await OneRowAsync(connection, null, sql, arguments, cancellationToken);
    }
}
