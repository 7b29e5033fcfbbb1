using System.Text.Json;
using Dapper;
using Fairdrop.Core.Storage;

namespace Fairdrop.Exchange.Inbox;

/// <summary>In-app inboxes; one message per delivery (the delivery id is unique), so a resent delivery never appears twice.</summary>
internal sealed class InboxStore(DbConnectionFactory connections)
{
    private const string Columns =
        "id AS Id, merchant_id AS MerchantId, user_id AS UserId, delivery_id AS DeliveryId, title AS Title, body AS Body, created_at AS CreatedAt, read_at AS ReadAt, quick_replies AS QuickReplies";

    /// <summary>Adds the message; false when its delivery is already in the inbox.</summary>
    public async Task<bool> AddAsync(InboxMessage message, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        var inserted = await connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO exchange_inbox (id, merchant_id, user_id, delivery_id, title, body, created_at, quick_replies)
            VALUES (@Id, @MerchantId, @UserId, @DeliveryId, @Title, @Body, @CreatedAt, @quickReplies)
            ON CONFLICT (delivery_id) DO NOTHING
            """,
            new
            {
                message.Id, message.MerchantId, message.UserId, message.DeliveryId, message.Title, message.Body, message.CreatedAt,
                quickReplies = message.QuickReplies is { Count: > 0 } labels ? JsonSerializer.Serialize(labels) : null,
            },
            cancellationToken: cancellationToken));
        return inserted == 1;
    }

    public async Task<IReadOnlyList<InboxMessage>> ListAsync(Guid merchantId, string userId, Guid? after, int limit, bool unreadOnly, CancellationToken cancellationToken)
    {
        var where = (after is null ? string.Empty : " AND id > @after") + (unreadOnly ? " AND read_at IS NULL" : string.Empty);
        await using var connection = await connections.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<Row>(new CommandDefinition(
            $"SELECT {Columns} FROM exchange_inbox WHERE merchant_id = @merchantId AND user_id = @userId{where} ORDER BY id LIMIT @limit",
            new { merchantId, userId, after, limit },
            cancellationToken: cancellationToken));
        return [.. rows.Select(r => r.ToMessage())];
    }

    public async Task<InboxMessage?> GetAsync(Guid merchantId, string userId, Guid id, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<Row>(new CommandDefinition(
            $"SELECT {Columns} FROM exchange_inbox WHERE merchant_id = @merchantId AND user_id = @userId AND id = @id",
            new { merchantId, userId, id },
            cancellationToken: cancellationToken));
        return row?.ToMessage();
    }

    public async Task<bool> MarkReadAsync(Guid merchantId, string userId, Guid id, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        var changed = await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE exchange_inbox SET read_at = COALESCE(read_at, @now) WHERE merchant_id = @merchantId AND user_id = @userId AND id = @id",
            new { merchantId, userId, id, now },
            cancellationToken: cancellationToken));
        return changed == 1;
    }

    private sealed record Row(Guid Id, Guid MerchantId, string UserId, Guid DeliveryId, string Title, string Body, DateTimeOffset CreatedAt, DateTimeOffset? ReadAt, string? QuickReplies)
    {
        public InboxMessage ToMessage() => new(
            Id, MerchantId, UserId, DeliveryId, Title, Body, CreatedAt, ReadAt, QuickReplies is null ? null : JsonSerializer.Deserialize<string[]>(QuickReplies));
    }
}
