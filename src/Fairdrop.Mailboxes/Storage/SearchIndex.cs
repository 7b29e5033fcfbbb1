using System.Text;
using Dapper;
using Fairdrop.Core.Storage;

namespace Fairdrop.Mailboxes.Storage;

/// <summary>
/// Full-text search where the two databases differ: an FTS5 table on SQLite (written beside each message), a GIN index
/// over a <c>tsvector</c> expression on PostgreSQL. Migrations are portable text, so this DDL runs once per process,
/// idempotently, before the first content statement.
/// </summary>
internal sealed class SearchIndex(DbConnectionFactory connections) : IDisposable
{
    public const string PostgresDocument = "to_tsvector('simple', m.subject || ' ' || m.body)";

    private readonly SemaphoreSlim _gate = new(1, 1);
    private volatile bool _ready;

    public bool IsSqlite => connections.Dialect.Name == "sqlite";

    public async ValueTask EnsureAsync(CancellationToken cancellationToken)
    {
        if (_ready)
        {
            return;
        }

        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (_ready)
            {
                return;
            }

            await using var connection = await connections.OpenAsync(cancellationToken);
            var sql = IsSqlite
                ? "CREATE VIRTUAL TABLE IF NOT EXISTS mailbox_search USING fts5(message_id UNINDEXED, subject, body)"
                : "CREATE INDEX IF NOT EXISTS ix_mailbox_messages_fts ON mailbox_messages USING gin (to_tsvector('simple', subject || ' ' || body))";
            await connection.ExecuteAsync(new CommandDefinition(sql, cancellationToken: cancellationToken));
            _ready = true;
        }
        finally
        {
            _gate.Release();
        }
    }

    public void Dispose() => _gate.Dispose();

    /// <summary>The predicate (on <c>m</c>) that matches <c>@q</c>.</summary>
    public string Match => IsSqlite
        // The unary + keeps SQLite from driving the query from the match list (a primary-key lookup per match in every
        // account): it walks the account's (account_id, at) index inside the range instead and stops at the page.
        ? "+m.id IN (SELECT message_id FROM mailbox_search WHERE mailbox_search MATCH @q)"
        : $"{PostgresDocument} @@ plainto_tsquery('simple', @q)";

    /// <summary>The query text as the database reads it: on SQLite every word quoted, so user input is never FTS5 syntax.</summary>
    public string Query(string text)
    {
        if (!IsSqlite)
        {
            return text;
        }

        var builder = new StringBuilder();
        foreach (var word in text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries))
        {
            builder.Append('"').Append(word.Replace("\"", "\"\"", StringComparison.Ordinal)).Append("\" ");
        }

        return builder.ToString().TrimEnd();
    }
}
