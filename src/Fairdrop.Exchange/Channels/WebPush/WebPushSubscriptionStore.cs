using System.Data.Common;
using Dapper;
using Fairdrop.Core.Ids;
using Fairdrop.Core.Storage;
using Fairdrop.Exchange.Recipients;

namespace Fairdrop.Exchange.Channels.WebPush;

/// <summary>Recipients' push subscriptions, one row per endpoint, scoped by merchant; newest first.</summary>
internal sealed class WebPushSubscriptionStore(DbConnectionFactory connections, IdGenerator ids, TimeProvider time)
{
    private const string Columns =
        "id AS Id, recipient_id AS RecipientId, endpoint AS Endpoint, p256dh AS P256dh, auth AS Auth, device AS Device, created_at AS CreatedAt, updated_at AS UpdatedAt";

    /// <summary>
    /// Adds or refreshes a subscription (by endpoint); a named device keeps only its newest subscription. Null when the
    /// recipient is not the merchant's.
    /// </summary>
    public async Task<StoredWebPushSubscription?> AddAsync(Guid merchantId, Guid recipientId, WebPushSubscription subscription, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        await using var connection = await connections.OpenAsync(cancellationToken);
        await using var write = await connections.Dialect.BeginWriteAsync(connection, cancellationToken);
        var transaction = write.Transaction;
        var known = await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            "SELECT COUNT(*) FROM exchange_recipients WHERE merchant_id = @merchantId AND id = @recipientId",
            new { merchantId, recipientId },
            transaction,
            cancellationToken: cancellationToken));
        if (known == 0)
        {
            return null;
        }

        if (subscription.Device is not null)
        {
            await connection.ExecuteAsync(new CommandDefinition(
                "DELETE FROM exchange_webpush_subscriptions WHERE merchant_id = @merchantId AND recipient_id = @recipientId AND device = @Device AND endpoint <> @Endpoint",
                new { merchantId, recipientId, subscription.Device, subscription.Endpoint },
                transaction,
                cancellationToken: cancellationToken));
        }

        var previous = await connection.QuerySingleOrDefaultAsync<Guid?>(new CommandDefinition(
            "SELECT recipient_id FROM exchange_webpush_subscriptions WHERE merchant_id = @merchantId AND endpoint = @Endpoint",
            new { merchantId, subscription.Endpoint },
            transaction,
            cancellationToken: cancellationToken));
        var id = await connection.ExecuteScalarAsync<Guid>(new CommandDefinition(
            """
            INSERT INTO exchange_webpush_subscriptions (id, merchant_id, recipient_id, endpoint, p256dh, auth, device, created_at, updated_at)
            VALUES (@Id, @merchantId, @recipientId, @Endpoint, @P256dh, @Auth, @Device, @now, @now)
            ON CONFLICT (merchant_id, endpoint) DO UPDATE SET recipient_id = excluded.recipient_id, p256dh = excluded.p256dh,
                auth = excluded.auth, device = excluded.device, updated_at = excluded.updated_at
            RETURNING id
            """,
            new { Id = ids.NewId(), merchantId, recipientId, subscription.Endpoint, subscription.P256dh, subscription.Auth, subscription.Device, now },
            transaction,
            cancellationToken: cancellationToken));
        var stored = await connection.QuerySingleAsync<StoredWebPushSubscription>(new CommandDefinition(
            $"SELECT {Columns} FROM exchange_webpush_subscriptions WHERE id = @id", new { id }, transaction, cancellationToken: cancellationToken));
        await RecountAsync(connection, transaction, recipientId, cancellationToken);
        if (previous is { } moved && moved != recipientId)
        {
            await RecountAsync(connection, transaction, moved, cancellationToken);
        }

        await write.CommitAsync(cancellationToken);
        return stored;
    }

    /// <summary>The recipient's subscriptions, most recently refreshed first (the order the channel tries them in).</summary>
    public async Task<IReadOnlyList<StoredWebPushSubscription>> ListAsync(Guid merchantId, Guid recipientId, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<StoredWebPushSubscription>(new CommandDefinition(
            $"SELECT {Columns} FROM exchange_webpush_subscriptions WHERE merchant_id = @merchantId AND recipient_id = @recipientId ORDER BY updated_at DESC, id DESC",
            new { merchantId, recipientId },
            cancellationToken: cancellationToken));
        return rows.AsList();
    }

    /// <summary>
    /// The recipient's subscriptions as <see cref="ListAsync"/> reads them, or null when the recipient is not the
    /// merchant's: for the API, where another merchant's recipient must read as unknown, not as having no devices.
    /// </summary>
    public async Task<IReadOnlyList<StoredWebPushSubscription>?> ListOfKnownRecipientAsync(Guid merchantId, Guid recipientId, CancellationToken cancellationToken)
    {
        await using (var connection = await connections.OpenAsync(cancellationToken))
        {
            var known = await connection.ExecuteScalarAsync<long>(new CommandDefinition(
                "SELECT COUNT(*) FROM exchange_recipients WHERE merchant_id = @merchantId AND id = @recipientId",
                new { merchantId, recipientId },
                cancellationToken: cancellationToken));
            if (known == 0)
            {
                return null;
            }
        }

        return await ListAsync(merchantId, recipientId, cancellationToken);
    }

    /// <summary>Removes one subscription of the recipient; false when there is no such subscription.</summary>
    public Task<bool> RemoveAsync(Guid merchantId, Guid recipientId, Guid id, CancellationToken cancellationToken) =>
        RemoveWhereAsync("id = @key", merchantId, recipientId, id, cancellationToken);

    /// <summary>Removes the recipient's subscription with this endpoint (a browser unsubscribing); false when the recipient has none with it.</summary>
    public Task<bool> RemoveByEndpointAsync(Guid merchantId, Guid recipientId, string endpoint, CancellationToken cancellationToken) =>
        RemoveWhereAsync("endpoint = @key", merchantId, recipientId, endpoint, cancellationToken);

    // Generic, not object: Dapper picks the key's type handler (a Guid's storage form) from the static type.
    private async Task<bool> RemoveWhereAsync<TKey>(string condition, Guid merchantId, Guid recipientId, TKey key, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        await using var write = await connections.Dialect.BeginWriteAsync(connection, cancellationToken);
        var transaction = write.Transaction;
        var removed = await connection.ExecuteAsync(new CommandDefinition(
            $"DELETE FROM exchange_webpush_subscriptions WHERE merchant_id = @merchantId AND recipient_id = @recipientId AND {condition}",
            new { merchantId, recipientId, key },
            transaction,
            cancellationToken: cancellationToken)) > 0;
        if (removed)
        {
            await RecountAsync(connection, transaction, recipientId, cancellationToken);
        }

        await write.CommitAsync(cancellationToken);
        return removed;
    }

    /// <summary>Keeps <c>exchange_recipients.web_push_devices</c>, which matching reads, equal to the recipient's subscriptions.</summary>
    private static Task RecountAsync(DbConnection connection, DbTransaction transaction, Guid recipientId, CancellationToken cancellationToken) =>
        connection.ExecuteAsync(new CommandDefinition(
            "UPDATE exchange_recipients SET web_push_devices = (SELECT COUNT(*) FROM exchange_webpush_subscriptions WHERE recipient_id = @recipientId) WHERE id = @recipientId",
            new { recipientId },
            transaction,
            cancellationToken: cancellationToken));
}
