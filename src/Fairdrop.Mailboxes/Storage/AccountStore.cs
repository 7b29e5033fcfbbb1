using Dapper;
using Fairdrop.Core.Storage;
using Fairdrop.Mailboxes.Model;

namespace Fairdrop.Mailboxes.Storage;

/// <summary>The <c>mailbox_accounts</c>, <c>mailbox_ranges</c> and <c>mailbox_audit</c> tables.</summary>
internal sealed class AccountStore(DbConnectionFactory connections)
{
    public async Task InsertAsync(AccountRow row, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO mailbox_accounts (id, merchant_id, kind, name, address, imap_host, imap_port, imap_user, imap_password, imap_tls, imap_folder, uid_validity, created_at, conversations)
            VALUES (@Id, @MerchantId, @Kind, @Name, @Address, @ImapHost, @ImapPort, @ImapUser, @ImapPassword, @ImapTls, @ImapFolder, @UidValidity, @CreatedAt, @Conversations)
            ON CONFLICT DO NOTHING
            """,
            row,
            cancellationToken: cancellationToken));
    }

    public async Task<AccountRow?> GetAsync(Guid merchantId, Guid id, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<AccountRow>(new CommandDefinition(
            $"SELECT {AccountRow.Columns} FROM mailbox_accounts WHERE id = @id AND merchant_id = @merchantId",
            new { id, merchantId },
            cancellationToken: cancellationToken));
    }

    public async Task<IReadOnlyList<AccountRow>> ListAsync(Guid merchantId, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        return (await connection.QueryAsync<AccountRow>(new CommandDefinition(
            $"SELECT {AccountRow.Columns} FROM mailbox_accounts WHERE merchant_id = @merchantId ORDER BY id",
            new { merchantId },
            cancellationToken: cancellationToken))).AsList();
    }

    /// <summary>
    /// The merchant's conversations account; when there is none yet, <paramref name="create"/> is inserted as it. Two
    /// nodes creating it at once both end up with the one the unique (merchant) index let in.
    /// </summary>
    public async Task<AccountRow> ConversationsAccountAsync(Guid merchantId, Func<AccountRow> create, CancellationToken cancellationToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            await using (var connection = await connections.OpenAsync(cancellationToken))
            {
                if (await connection.QuerySingleOrDefaultAsync<AccountRow>(new CommandDefinition(
                    $"SELECT {AccountRow.Columns} FROM mailbox_accounts WHERE merchant_id = @merchantId AND conversations = @yes",
                    new { merchantId, yes = true },
                    cancellationToken: cancellationToken)) is { } found)
                {
                    return found;
                }
            }

            if (attempt == 1)
            {
                throw new InvalidOperationException($"Merchant {merchantId} has no conversations account after creating one.");
            }

            await InsertAsync(create(), cancellationToken);
        }
    }

    /// <summary>Makes the IM account the merchant's conversations account (and no other), in one transaction; false when it is not one of the merchant's IM accounts.</summary>
    public async Task<bool> MarkConversationsAsync(Guid merchantId, Guid accountId, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        await using var write = await connections.Dialect.BeginWriteAsync(connection, cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE mailbox_accounts SET conversations = @no WHERE merchant_id = @merchantId AND conversations = @yes AND id <> @accountId",
            new { merchantId, accountId, yes = true, no = false },
            write.Transaction,
            cancellationToken: cancellationToken));
        var marked = await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE mailbox_accounts SET conversations = @yes WHERE merchant_id = @merchantId AND id = @accountId AND kind = 'im'",
            new { merchantId, accountId, yes = true },
            write.Transaction,
            cancellationToken: cancellationToken));
        if (marked == 1)
        {
            await write.CommitAsync(cancellationToken);
        }

        return marked == 1;
    }

    /// <summary>Every account with IMAP settings, of every merchant: what the periodic sync visits.</summary>
    public async Task<IReadOnlyList<AccountRow>> ImapAccountsAsync(CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        return (await connection.QueryAsync<AccountRow>(new CommandDefinition(
            $"SELECT {AccountRow.Columns} FROM mailbox_accounts WHERE imap_host IS NOT NULL ORDER BY id", cancellationToken: cancellationToken))).AsList();
    }

    public async Task SetUidValidityAsync(Guid id, long uidValidity, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE mailbox_accounts SET uid_validity = @uidValidity WHERE id = @id", new { id, uidValidity }, cancellationToken: cancellationToken));
    }

    public async Task<IReadOnlyList<MailboxRange>> RangesAsync(Guid accountId, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<RangeRow>(new CommandDefinition(
            $"SELECT {RangeRow.Columns} FROM mailbox_ranges WHERE account_id = @accountId ORDER BY subject_kind, subject_key, id",
            new { accountId },
            cancellationToken: cancellationToken));
        return rows.Select(r => r.ToRange()).ToList();
    }

    /// <summary>Replaces every range of one subject on one account in one transaction (an empty list removes them).</summary>
    public async Task ReplaceRangesAsync(Guid merchantId, Guid accountId, MailboxUser subject, IReadOnlyList<RangeRow> rows, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        await using var write = await connections.Dialect.BeginWriteAsync(connection, cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            "DELETE FROM mailbox_ranges WHERE account_id = @accountId AND subject_kind = @kind AND subject_key = @key",
            new { accountId, kind = MailboxUser.KindName(subject.Kind), key = subject.Key },
            write.Transaction,
            cancellationToken: cancellationToken));
        foreach (var row in rows)
        {
            await connection.ExecuteAsync(new CommandDefinition(
                """
                INSERT INTO mailbox_ranges (id, merchant_id, account_id, subject_kind, subject_key, kind, length_ms, start_at, deadline_at, created_at)
                VALUES (@Id, @merchantId, @AccountId, @SubjectKind, @SubjectKey, @Kind, @LengthMs, @StartAt, @DeadlineAt, @CreatedAt)
                """,
                new { row.Id, merchantId, row.AccountId, row.SubjectKind, row.SubjectKey, row.Kind, row.LengthMs, row.StartAt, row.DeadlineAt, row.CreatedAt },
                write.Transaction,
                cancellationToken: cancellationToken));
        }

        await write.CommitAsync(cancellationToken);
    }

    public async Task AuditAsync(Guid merchantId, AuditEntry entry, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO mailbox_audit (id, merchant_id, account_id, at, actor, operation, target, outcome, detail)
            VALUES (@Id, @merchantId, @AccountId, @At, @Actor, @Operation, @Target, @Outcome, @Detail)
            """,
            new { entry.Id, merchantId, entry.AccountId, entry.At, entry.Actor, entry.Operation, entry.Target, entry.Outcome, entry.Detail },
            cancellationToken: cancellationToken));
    }

    /// <summary>The audit log newest first, before the id <paramref name="before"/> when given.</summary>
    public async Task<IReadOnlyList<AuditEntry>> AuditLogAsync(Guid merchantId, Guid? before, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        return (await connection.QueryAsync<AuditEntry>(new CommandDefinition(
            $"""
            SELECT id AS Id, account_id AS AccountId, at AS At, actor AS Actor, operation AS Operation, target AS Target, outcome AS Outcome, detail AS Detail
            FROM mailbox_audit WHERE merchant_id = @merchantId {(before is null ? string.Empty : "AND id < @before")} ORDER BY id DESC LIMIT @limit
            """,
            new { merchantId, before, limit },
            cancellationToken: cancellationToken))).AsList();
    }
}
