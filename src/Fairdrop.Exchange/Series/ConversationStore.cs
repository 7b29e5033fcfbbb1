using System.Data.Common;
using Dapper;
using Fairdrop.Core.Storage;

namespace Fairdrop.Exchange.Series;

/// <summary>Conversations, their events and the webhooks their actions call: <c>exchange_conversation*</c> and <c>exchange_series_webhooks</c>.</summary>
internal sealed class ConversationStore(DbConnectionFactory connections)
{
    private const string Columns =
        "id AS Id, merchant_id AS MerchantId, series_id AS SeriesId, launch_id AS LaunchId, recipient_id AS RecipientId, channel AS Channel, step AS Step, " +
        "status AS Status, deadline AS Deadline, data AS Data, version AS Version, created_at AS CreatedAt, updated_at AS UpdatedAt";

    private const string EventColumns =
        "id AS Id, conversation_id AS ConversationId, event_key AS EventKey, kind AS Kind, step AS Step, text AS Text, outcome AS Outcome, created_at AS CreatedAt";

    /// <summary>The recipient's conversation in the launch, created at its first step if it has none yet.</summary>
    public async Task<Conversation> GetOrCreateAsync(Conversation fresh, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        if (await FindAsync(connection, null, fresh.LaunchId, fresh.RecipientId, cancellationToken) is { } existing)
        {
            return existing;
        }

        await using var write = await connections.Dialect.BeginWriteAsync(connection, cancellationToken);
        await InsertAsync(connection, write.Transaction, fresh, cancellationToken);
        var stored = await FindAsync(connection, write.Transaction, fresh.LaunchId, fresh.RecipientId, cancellationToken);
        await write.CommitAsync(cancellationToken);
        return stored!;
    }

    public async Task<Conversation?> GetAsync(Guid merchantId, Guid id, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<Conversation>(new CommandDefinition(
            $"SELECT {Columns} FROM exchange_conversations WHERE merchant_id = @merchantId AND id = @id", new { merchantId, id }, cancellationToken: cancellationToken));
    }

    /// <summary>The recipient's conversation in the launch, if it has one.</summary>
    public async Task<Conversation?> InLaunchAsync(Guid launchId, Guid recipientId, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        return await FindAsync(connection, null, launchId, recipientId, cancellationToken);
    }

    /// <summary>The recipient's most recently active conversation on the channel that still listens (active or with a person); SMS has no threads.</summary>
    public async Task<Conversation?> LatestOpenAsync(Guid merchantId, Guid recipientId, string channel, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        return await connection.QueryFirstOrDefaultAsync<Conversation>(new CommandDefinition(
            $"SELECT {Columns} FROM exchange_conversations WHERE merchant_id = @merchantId AND recipient_id = @recipientId AND channel = @channel " +
            "AND status IN ('active', 'handed_off') ORDER BY updated_at DESC LIMIT 1",
            new { merchantId, recipientId, channel },
            cancellationToken: cancellationToken));
    }

    public async Task<IReadOnlyList<Conversation>> ListAsync(Guid merchantId, string? status, Guid? after, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        var where = (status is null ? string.Empty : " AND status = @status") + (after is null ? string.Empty : " AND id > @after");
        var rows = await connection.QueryAsync<Conversation>(new CommandDefinition(
            $"SELECT {Columns} FROM exchange_conversations WHERE merchant_id = @merchantId{where} ORDER BY id LIMIT @limit",
            new { merchantId, status, after, limit },
            cancellationToken: cancellationToken));
        return rows.AsList();
    }

    public async Task<IReadOnlyList<ConversationEvent>> EventsAsync(Guid conversationId, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<ConversationEvent>(new CommandDefinition(
            $"SELECT {EventColumns} FROM exchange_conversation_events WHERE conversation_id = @conversationId ORDER BY created_at, id",
            new { conversationId },
            cancellationToken: cancellationToken));
        return rows.AsList();
    }

    public static Task<ConversationEvent?> FindEventAsync(DbConnection connection, DbTransaction transaction, Guid conversationId, string eventKey, CancellationToken cancellationToken) =>
        connection.QuerySingleOrDefaultAsync<ConversationEvent>(new CommandDefinition(
            $"SELECT {EventColumns} FROM exchange_conversation_events WHERE conversation_id = @conversationId AND event_key = @eventKey",
            new { conversationId, eventKey },
            transaction,
            cancellationToken: cancellationToken));

    /// <summary>A conversation at its start, in its first event's transaction; false when it exists already (someone created it first).</summary>
    public static async Task<bool> InsertAsync(DbConnection connection, DbTransaction transaction, Conversation fresh, CancellationToken cancellationToken) =>
        await connection.ExecuteAsync(new CommandDefinition(
            "INSERT INTO exchange_conversations (id, merchant_id, series_id, launch_id, recipient_id, channel, step, status, deadline, data, version, created_at, updated_at) " +
            "VALUES (@Id, @MerchantId, @SeriesId, @LaunchId, @RecipientId, @Channel, @Step, @Status, @Deadline, @Data, @Version, @CreatedAt, @UpdatedAt) ON CONFLICT DO NOTHING",
            fresh,
            transaction,
            cancellationToken: cancellationToken)) == 1;

    /// <summary>
    /// Records the event and moves the conversation to its new state, if the conversation is still at the version the
    /// event was decided on and the event's key is new; false (nothing written) otherwise.
    /// </summary>
    public static async Task<bool> ApplyAsync(
        DbConnection connection, DbTransaction transaction, ConversationEvent happened, Conversation next, long readVersion, CancellationToken cancellationToken)
    {
        var inserted = await connection.ExecuteAsync(new CommandDefinition(
            "INSERT INTO exchange_conversation_events (id, conversation_id, event_key, kind, step, text, outcome, created_at) " +
            "VALUES (@Id, @ConversationId, @EventKey, @Kind, @Step, @Text, @Outcome, @CreatedAt) ON CONFLICT (conversation_id, event_key) DO NOTHING",
            happened,
            transaction,
            cancellationToken: cancellationToken));
        if (inserted == 0)
        {
            return false;
        }

        var updated = await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE exchange_conversations SET step = @Step, status = @Status, deadline = @Deadline, data = @Data, version = @Version, updated_at = @UpdatedAt " +
            "WHERE id = @Id AND version = @readVersion",
            new { next.Id, next.Step, next.Status, next.Deadline, next.Data, next.Version, next.UpdatedAt, readVersion },
            transaction,
            cancellationToken: cancellationToken));
        return updated == 1;
    }

    /// <summary>Active conversations whose step timed out by <paramref name="now"/>, oldest deadline first.</summary>
    public async Task<IReadOnlyList<Conversation>> DueAsync(DateTimeOffset now, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<Conversation>(new CommandDefinition(
            $"SELECT {Columns} FROM exchange_conversations WHERE status = 'active' AND deadline <= @now ORDER BY deadline LIMIT @limit",
            new { now, limit },
            cancellationToken: cancellationToken));
        return rows.AsList();
    }

    /// <summary>
    /// First-step messages sent at least their step's timeout ago to recipients who have no conversation yet (they
    /// never replied): the launch, recipient, channel and when it was sent.
    /// </summary>
    public async Task<IReadOnlyList<SilentRecipient>> SilentAsync(
        DateTimeOffset now, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<SilentRecipient>(new CommandDefinition(
            "SELECT l.id AS LaunchId, d.recipient_id AS RecipientId, d.channel AS Channel, d.sent_at AS SentAt FROM exchange_series_launches l " +
            "JOIN exchange_deliveries d ON d.distribution_id = l.distribution_id " +
            "WHERE l.status = 'active' AND l.start_timeout_ms IS NOT NULL AND d.status = 'sent' AND d.sent_at <= @now - l.start_timeout_ms " +
            "AND NOT EXISTS (SELECT 1 FROM exchange_conversations c WHERE c.launch_id = l.id AND c.recipient_id = d.recipient_id) LIMIT @limit",
            new { now, limit },
            cancellationToken: cancellationToken));
        return rows.AsList();
    }

    /// <summary>
    /// Marks settled the launches whose first-step timeouts are all behind them (matched, every delivery final, every
    /// shopper who got the message has a conversation), so the silent-recipient scan stops reading their deliveries.
    /// </summary>
    public async Task<int> SettleLaunchesAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        await using var write = await connections.Dialect.BeginWriteAsync(connection, cancellationToken);
        var settled = await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE exchange_series_launches SET status = 'settled' WHERE status = 'active' AND start_timeout_ms IS NOT NULL " +
            "AND EXISTS (SELECT 1 FROM exchange_distributions dist WHERE dist.id = exchange_series_launches.distribution_id AND dist.status = 'matched') " +
            "AND NOT EXISTS (SELECT 1 FROM exchange_deliveries d WHERE d.distribution_id = exchange_series_launches.distribution_id " +
            "AND (d.status IN ('scheduled', 'sending', 'retrying') OR (d.status = 'sent' AND (d.sent_at > @now - exchange_series_launches.start_timeout_ms " +
            "OR NOT EXISTS (SELECT 1 FROM exchange_conversations c WHERE c.launch_id = exchange_series_launches.id AND c.recipient_id = d.recipient_id)))))",
            new { now },
            write.Transaction,
            cancellationToken: cancellationToken));
        await write.CommitAsync(cancellationToken);
        return settled;
    }

    public async Task<DeliveryLink?> LinkAsync(Guid deliveryId, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<DeliveryLink>(new CommandDefinition(
            "SELECT dist.source AS Source, dist.idempotency_key AS Key, d.channel AS Channel, d.sent_at AS SentAt FROM exchange_deliveries d " +
            "JOIN exchange_distributions dist ON dist.id = d.distribution_id WHERE d.id = @deliveryId",
            new { deliveryId },
            cancellationToken: cancellationToken));
    }

    private static Task<Conversation?> FindAsync(DbConnection connection, DbTransaction? transaction, Guid launchId, Guid recipientId, CancellationToken cancellationToken) =>
        connection.QuerySingleOrDefaultAsync<Conversation>(new CommandDefinition(
            $"SELECT {Columns} FROM exchange_conversations WHERE launch_id = @launchId AND recipient_id = @recipientId",
            new { launchId, recipientId },
            transaction,
            cancellationToken: cancellationToken));
}

/// <summary>A recipient of a launch's first step who has not answered: who, on which channel, sent when.</summary>
internal sealed record SilentRecipient(Guid LaunchId, Guid RecipientId, string Channel, DateTimeOffset SentAt);

/// <summary>Where a delivery came from: its distribution's source and idempotency key, its channel and when it was sent.</summary>
internal sealed record DeliveryLink(string Source, string Key, string Channel, DateTimeOffset? SentAt);
