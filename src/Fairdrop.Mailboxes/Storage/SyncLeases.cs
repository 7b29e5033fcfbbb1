using Dapper;
using Fairdrop.Core.Storage;

namespace Fairdrop.Mailboxes.Storage;

/// <summary>
/// The <c>mailbox_sync_leases</c> table: one IMAP sync of an account at a time, across every node sharing the database.
/// Taking a lease is one upsert that only replaces a lease already run out, so of two nodes racing for an account
/// exactly one gets it; a node that died mid-sync leaves a lease that runs out by itself.
/// </summary>
internal sealed class SyncLeases(DbConnectionFactory connections)
{
    /// <summary>True when <paramref name="holder"/> now holds the account's lease until <paramref name="until"/>.</summary>
    public async Task<bool> TryTakeAsync(Guid accountId, string holder, DateTimeOffset now, DateTimeOffset until, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        await using var write = await connections.Dialect.BeginWriteAsync(connection, cancellationToken);
        var taken = await connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO mailbox_sync_leases (account_id, holder, lease_until) VALUES (@accountId, @holder, @until)
            ON CONFLICT (account_id) DO UPDATE SET holder = excluded.holder, lease_until = excluded.lease_until
            WHERE mailbox_sync_leases.lease_until < @now
            """,
            new { accountId, holder, until = until.ToUnixTimeMilliseconds(), now = now.ToUnixTimeMilliseconds() },
            write.Transaction,
            cancellationToken: cancellationToken));
        await write.CommitAsync(cancellationToken);
        return taken == 1;
    }

    /// <summary>Moves the holder's lease on to <paramref name="until"/> (a long sync keeps its account); false when it is no longer the holder's.</summary>
    public async Task<bool> RenewAsync(Guid accountId, string holder, DateTimeOffset until, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        await using var write = await connections.Dialect.BeginWriteAsync(connection, cancellationToken);
        var renewed = await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE mailbox_sync_leases SET lease_until = @until WHERE account_id = @accountId AND holder = @holder",
            new { accountId, holder, until = until.ToUnixTimeMilliseconds() },
            write.Transaction,
            cancellationToken: cancellationToken));
        await write.CommitAsync(cancellationToken);
        return renewed == 1;
    }

    /// <summary>Gives the lease back (only the holder's own: a lease taken over after it ran out stays with the new holder).</summary>
    public async Task ReleaseAsync(Guid accountId, string holder, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        await using var write = await connections.Dialect.BeginWriteAsync(connection, cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            "DELETE FROM mailbox_sync_leases WHERE account_id = @accountId AND holder = @holder",
            new { accountId, holder },
            write.Transaction,
            cancellationToken: cancellationToken));
        await write.CommitAsync(cancellationToken);
    }
}
