using Dapper;
using Fairdrop.Core.Storage;
using Fairdrop.Core.Tenancy;
using Fairdrop.Mailboxes;
using Fairdrop.Mailboxes.Model;
using Microsoft.Extensions.DependencyInjection;

namespace Fairdrop.Scenarios.Mailboxes;

/// <summary>
/// Seeds the mailbox scenario in SQL (a recursive CTE on SQLite, generate_series on PostgreSQL): the module's own
/// inserts would take longer than the measurement. Times spread evenly over the last year; every body carries one of
/// 97 search words, so a search matches about 1% of an account's messages.
/// </summary>
internal static class MailboxBenchSeed
{
    public const int Words = 97;
    public static readonly TimeSpan Span = TimeSpan.FromDays(365);

    public static async Task<(Guid Merchant, IReadOnlyList<Guid> Accounts)> SeedAsync(
        IServiceProvider services, int messages, int accounts, DateTimeOffset now, Action<string> progress, CancellationToken cancellationToken)
    {
        var (merchant, _) = await services.GetRequiredService<MerchantStore>().CreateAsync("Mailbox bench", cancellationToken);
        var mailboxes = services.GetRequiredService<MailboxAdminService>();
        var connections = services.GetRequiredService<DbConnectionFactory>();
        var sqlite = connections.Dialect.Name == "sqlite";
        var ids = new List<Guid>(accounts);
        var perAccount = messages / accounts;
        var step = (long)Span.TotalMilliseconds / perAccount;
        var end = now.ToUnixTimeMilliseconds();
        await using var connection = await connections.OpenAsync(cancellationToken);
        if (sqlite)
        {
            await connection.ExecuteAsync(new CommandDefinition("CREATE VIRTUAL TABLE IF NOT EXISTS mailbox_search USING fts5(message_id UNINDEXED, subject, body)", cancellationToken: cancellationToken));
        }

        for (var a = 0; a < accounts; a++)
        {
            var account = (await mailboxes.CreateAccountAsync(merchant.Id, new NewMailboxAccount("mailbox", $"Support {a}", $"support{a}@shop.test"), cancellationToken)).Value!.Id;
            ids.Add(account);
            var sql = sqlite
                ? """
                  INSERT INTO mailbox_messages (id, account_id, at, direction, thread_key, sender, recipient, subject, body, attachments, flags)
                  WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < @count - 1)
                  SELECT lower(hex(randomblob(4)) || '-' || hex(randomblob(2)) || '-' || hex(randomblob(2)) || '-' || hex(randomblob(2)) || '-' || hex(randomblob(6))),
                      @account, @end - i * @step, 'in', 't' || (i / 5), 'shopper' || (i % 5000) || '@example.com', 'support@shop.test',
                      'Order ' || i, 'Where is my parcel ' || i || ' word' || (i % 97) || ' please', '[]', ''
                  FROM n
                  """
                : """
                  INSERT INTO mailbox_messages (id, account_id, at, direction, thread_key, sender, recipient, subject, body, attachments, flags)
                  SELECT gen_random_uuid(), @account, @end - i * @step, 'in', 't' || (i / 5), 'shopper' || (i % 5000) || '@example.com', 'support@shop.test',
                      'Order ' || i, 'Where is my parcel ' || i || ' word' || (i % 97) || ' please', '[]', ''
                  FROM generate_series(0, @count - 1) AS n(i)
                  """;
            await connection.ExecuteAsync(new CommandDefinition(sql, new { account, count = perAccount, end, step }, commandTimeout: 600, cancellationToken: cancellationToken));
            if (a % 10 == 9)
            {
                progress($"{(a + 1) * perAccount:N0} messages");
            }
        }

        progress(sqlite ? "building the FTS5 index" : "building the tsvector index and statistics");
        var index = sqlite
            ? "INSERT INTO mailbox_search (message_id, subject, body) SELECT id, subject, body FROM mailbox_messages"
            : "CREATE INDEX IF NOT EXISTS ix_mailbox_messages_fts ON mailbox_messages USING gin (to_tsvector('simple', subject || ' ' || body)); ANALYZE mailbox_messages";
        await connection.ExecuteAsync(new CommandDefinition(index, commandTimeout: 3600, cancellationToken: cancellationToken));
        if (sqlite)
        {
            await connection.ExecuteAsync(new CommandDefinition("ANALYZE mailbox_messages", commandTimeout: 600, cancellationToken: cancellationToken));
        }

        // Let the database digest the seed before anything is timed, so the steady state is measured: a fresh bulk insert
        // leaves SQLite a WAL of hundreds of megabytes for the background checkpoint to copy, and PostgreSQL tuples whose
        // first reader sets their hint bits, with an autovacuum about to start.
        progress("settling (checkpoint / vacuum)");
        await connection.ExecuteAsync(new CommandDefinition(
            sqlite ? "PRAGMA wal_checkpoint(TRUNCATE)" : "VACUUM (ANALYZE) mailbox_messages", commandTimeout: 3600, cancellationToken: cancellationToken));
        return (merchant.Id, ids);
    }
}
