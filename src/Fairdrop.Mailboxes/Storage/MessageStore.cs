using System.Data.Common;
using Dapper;
using Fairdrop.Core.Storage;
using Fairdrop.Mailboxes.Ranges;

namespace Fairdrop.Mailboxes.Storage;

/// <summary>
/// The <c>mailbox_messages</c> table. Every statement that reads or removes content takes a <see cref="RangePredicate"/>
/// and puts it in its WHERE clause: this is the enforcement point of ADR 0025, and nothing else in the module selects
/// messages. Only IMAP sync bookkeeping (<see cref="ImapRowsAsync"/>) is unrestricted: the sync is the system, not a mailbox user.
/// </summary>
internal sealed class MessageStore(DbConnectionFactory connections, SearchIndex search)
{
    private const string From = "FROM mailbox_messages m WHERE m.account_id = @accountId AND ";

    public async Task<bool> InsertAsync(MessageRow row, CancellationToken cancellationToken)
    {
        await search.EnsureAsync(cancellationToken);
        await using var connection = await connections.OpenAsync(cancellationToken);
        await using var write = await connections.Dialect.BeginWriteAsync(connection, cancellationToken);
        var inserted = await InsertAsync(connection, write.Transaction, row, cancellationToken);
        await write.CommitAsync(cancellationToken);
        return inserted;
    }

    /// <summary>Many rows in one transaction (the benchmark's seeding and an IMAP batch).</summary>
    public async Task<int> InsertManyAsync(IReadOnlyList<MessageRow> rows, CancellationToken cancellationToken)
    {
        await search.EnsureAsync(cancellationToken);
        await using var connection = await connections.OpenAsync(cancellationToken);
        await using var write = await connections.Dialect.BeginWriteAsync(connection, cancellationToken);
        var inserted = 0;
        foreach (var row in rows)
        {
            inserted += await InsertAsync(connection, write.Transaction, row, cancellationToken) ? 1 : 0;
        }

        await write.CommitAsync(cancellationToken);
        return inserted;
    }

    private async Task<bool> InsertAsync(DbConnection connection, DbTransaction transaction, MessageRow row, CancellationToken cancellationToken)
    {
        var inserted = await connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO mailbox_messages (id, account_id, at, direction, thread_key, message_id_header, in_reply_to, references_header,
                sender, recipient, subject, body, attachments, flags, imap_uid_validity, imap_uid, external_id, channel, shopper_id)
            VALUES (@Id, @AccountId, @At, @Direction, @ThreadKey, @MessageIdHeader, @InReplyTo, @ReferencesHeader,
                @Sender, @Recipient, @Subject, @Body, @Attachments, @Flags, @ImapUidValidity, @ImapUid, @ExternalId, @Channel, @ShopperId)
            ON CONFLICT DO NOTHING
            """,
            row,
            transaction,
            cancellationToken: cancellationToken)) == 1;
        if (inserted && search.IsSqlite)
        {
            await connection.ExecuteAsync(new CommandDefinition(
                "INSERT INTO mailbox_search (message_id, subject, body) VALUES (@Id, @Subject, @Body)",
                new { row.Id, row.Subject, row.Body },
                transaction,
                cancellationToken: cancellationToken));
        }

        return inserted;
    }

    /// <summary>The thread of the first of <paramref name="headers"/> (In-Reply-To, then References) already in the account; null when none is.</summary>
    public async Task<string?> ThreadOfAsync(Guid accountId, IReadOnlyList<string> headers, CancellationToken cancellationToken)
    {
        if (headers.Count == 0)
        {
            return null;
        }

        await using var connection = await connections.OpenAsync(cancellationToken);
        foreach (var header in headers)
        {
            var thread = await connection.QueryFirstOrDefaultAsync<string>(new CommandDefinition(
                "SELECT thread_key FROM mailbox_messages WHERE account_id = @accountId AND message_id_header = @header LIMIT 1",
                new { accountId, header },
                cancellationToken: cancellationToken));
            if (thread is not null)
            {
                return thread;
            }
        }

        return null;
    }

    /// <summary>Newest first, after the keyset cursor (at, id) when given; only a thread's messages when <paramref name="threadKey"/> is set.</summary>
    public async Task<IReadOnlyList<MessageRow>> ListAsync(
        Guid accountId, RangePredicate range, (long At, Guid Id)? before, string? threadKey, int limit, CancellationToken cancellationToken)
    {
        var parameters = range.Bind(new DynamicParameters(new { accountId, threadKey }));
        var extra = string.Empty;
        if (threadKey is not null)
        {
            extra += " AND m.thread_key = @threadKey";
        }

        if (before is { } cursor)
        {
            parameters.Add("beforeAt", cursor.At);
            parameters.Add("beforeId", cursor.Id);
            extra += " AND (m.at < @beforeAt OR (m.at = @beforeAt AND m.id < @beforeId))";
        }

        return await NewestFirstAsync(range.Branches, extra, parameters, limit, cancellationToken);
    }

    /// <summary>
    /// A newest-first page over <paramref name="branches"/> (disjoint, oldest first: a list's intervals, or a search's one
    /// OR), read branch by branch from the newest, each an index range scan that stops at the rows still missing: a page that the newest interval fills costs
    /// what an unrestricted page costs, where one OR over all intervals would make the database sort every matching row.
    /// </summary>
    private async Task<IReadOnlyList<MessageRow>> NewestFirstAsync(IReadOnlyList<string> branches, string extra, DynamicParameters parameters, int limit, CancellationToken cancellationToken)
    {
        var rows = new List<MessageRow>(Math.Min(limit, 1000));
        await using var connection = await connections.OpenAsync(cancellationToken);
        for (var i = branches.Count - 1; i >= 0 && rows.Count < limit; i--)
        {
            parameters.Add("limit", limit - rows.Count);
            rows.AddRange(await connection.QueryAsync<MessageRow>(new CommandDefinition(
                $"SELECT {MessageRow.Columns} {From}{branches[i]} {extra} ORDER BY m.at DESC, m.id DESC LIMIT @limit", parameters, cancellationToken: cancellationToken)));
        }

        return rows;
    }

    /// <summary>The message when it exists and is inside the range; null for both "missing" and "hidden", which callers must not tell apart.</summary>
    public async Task<MessageRow?> GetAsync(Guid accountId, RangePredicate range, Guid id, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<MessageRow>(new CommandDefinition(
            $"SELECT {MessageRow.Columns} {From}{range.Sql} AND m.id = @id",
            range.Bind(new DynamicParameters(new { accountId, id })),
            cancellationToken: cancellationToken));
    }

    /// <summary>How many messages are inside the range (and match <paramref name="text"/> when given).</summary>
    public async Task<long> CountAsync(Guid accountId, RangePredicate range, string? text, CancellationToken cancellationToken)
    {
        var parameters = range.Bind(new DynamicParameters(new { accountId }));
        var extra = string.Empty;
        if (!string.IsNullOrWhiteSpace(text))
        {
            await search.EnsureAsync(cancellationToken);
            parameters.Add("q", search.Query(text));
            extra = " AND " + search.Match;
        }

        // One count per interval, summed: each an index range count rather than an OR over the account's rows.
        var sql = "SELECT " + string.Join(" + ", range.Branches.Select(b => $"(SELECT COUNT(*) {From}{b}{extra})"));
        await using var connection = await connections.OpenAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<long>(new CommandDefinition(sql, parameters, cancellationToken: cancellationToken));
    }

    /// <summary>
    /// Matches of <paramref name="text"/> inside the range, newest first; the range is in the same WHERE as the match. One
    /// statement whatever the number of intervals: the match list bounds the rows to sort, and each extra statement would
    /// look the words up again (SQLite materialises the FTS match list, PostgreSQL scans the GIN index), which halved the
    /// rate over two intervals.
    /// </summary>
    public async Task<IReadOnlyList<MessageRow>> SearchAsync(Guid accountId, RangePredicate range, string text, int limit, CancellationToken cancellationToken)
    {
        await search.EnsureAsync(cancellationToken);
        var parameters = range.Bind(new DynamicParameters(new { accountId, q = search.Query(text) }));
        return await NewestFirstAsync([range.Sql], " AND " + search.Match, parameters, limit, cancellationToken);
    }

    /// <summary>Every message inside the range, oldest first, for an export.</summary>
    public async Task<IReadOnlyList<MessageRow>> ExportAsync(Guid accountId, RangePredicate range, int max, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        return (await connection.QueryAsync<MessageRow>(new CommandDefinition(
            $"SELECT {MessageRow.Columns} {From}{range.Sql} ORDER BY m.at, m.id LIMIT @max",
            range.Bind(new DynamicParameters(new { accountId, max })),
            cancellationToken: cancellationToken))).AsList();
    }

    /// <summary>Deletes the message <paramref name="id"/>, or every message when null, but only inside the range; the number deleted.</summary>
    public async Task<int> DeleteAsync(Guid accountId, RangePredicate range, Guid? id, CancellationToken cancellationToken)
    {
        await search.EnsureAsync(cancellationToken);
        var parameters = range.Bind(new DynamicParameters(new { accountId, id }));
        var where = $"{From}{range.Sql}{(id is null ? string.Empty : " AND m.id = @id")}";
        await using var connection = await connections.OpenAsync(cancellationToken);
        await using var write = await connections.Dialect.BeginWriteAsync(connection, cancellationToken);
        if (search.IsSqlite)
        {
            await connection.ExecuteAsync(new CommandDefinition(
                $"DELETE FROM mailbox_search WHERE message_id IN (SELECT m.id {where})", parameters, write.Transaction, cancellationToken: cancellationToken));
        }

        var deleted = await connection.ExecuteAsync(new CommandDefinition(
            $"DELETE FROM mailbox_messages WHERE id IN (SELECT m.id {where})", parameters, write.Transaction, cancellationToken: cancellationToken));
        await write.CommitAsync(cancellationToken);
        return deleted;
    }

    /// <summary>IMAP bookkeeping: the synced rows of an account (uid validity, uid, id, Message-ID, flags).</summary>
    public async Task<IReadOnlyList<ImapRow>> ImapRowsAsync(Guid accountId, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        return (await connection.QueryAsync<ImapRow>(new CommandDefinition(
            """
            SELECT id AS Id, imap_uid_validity AS UidValidity, imap_uid AS Uid, message_id_header AS MessageIdHeader, flags AS Flags
            FROM mailbox_messages WHERE account_id = @accountId AND imap_uid IS NOT NULL
            """,
            new { accountId },
            cancellationToken: cancellationToken))).AsList();
    }

    /// <summary>Points a synced row at its new UID (after a UIDVALIDITY change) and sets its flags.</summary>
    public async Task UpdateImapAsync(Guid id, long uidValidity, long uid, string flags, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        await using var write = await connections.Dialect.BeginWriteAsync(connection, cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE mailbox_messages SET imap_uid_validity = @uidValidity, imap_uid = @uid, flags = @flags WHERE id = @id",
            new { id, uidValidity, uid, flags },
            write.Transaction,
            cancellationToken: cancellationToken));
        await write.CommitAsync(cancellationToken);
    }

    /// <summary>Removes synced rows the server no longer has (IMAP deletions); unrestricted, as the sync is the system.</summary>
    public Task<int> RemoveSyncedAsync(Guid accountId, Guid id, CancellationToken cancellationToken) =>
        DeleteAsync(accountId, RangePredicate.Unrestricted, id, cancellationToken);
}

/// <summary>A synced message's IMAP identity.</summary>
internal sealed record ImapRow(Guid Id, long? UidValidity, long? Uid, string? MessageIdHeader, string Flags);
