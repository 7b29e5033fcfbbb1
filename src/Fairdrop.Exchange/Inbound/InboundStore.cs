using Dapper;
using Fairdrop.Core.Storage;

namespace Fairdrop.Exchange.Inbound;

/// <summary>Inbound messages; the provider's id is unique per merchant and channel, so a replayed webhook stores nothing.</summary>
internal sealed class InboundStore(DbConnectionFactory connections)
{
    internal const string Columns =
        "id AS Id, merchant_id AS MerchantId, recipient_id AS RecipientId, delivery_id AS DeliveryId, channel AS Channel, from_address AS \"From\", to_address AS \"To\", body AS Body, provider_id AS ProviderId, received_at AS ReceivedAt";

    /// <summary>
    /// Stores the message, waiting at <paramref name="pending"/> in the batch handlers' queue when given; false when
    /// the same provider id was stored before (a replay).
    /// </summary>
    public async Task<bool> AddAsync(InboundMessage message, long? pending, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        var inserted = await connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO exchange_inbound (id, merchant_id, recipient_id, delivery_id, channel, from_address, to_address, body, provider_id, received_at, pending)
            VALUES (@Id, @MerchantId, @RecipientId, @DeliveryId, @Channel, @From, @To, @Body, @ProviderId, @ReceivedAt, @pending)
            ON CONFLICT (merchant_id, channel, provider_id) DO NOTHING
            """,
            new { message.Id, message.MerchantId, message.RecipientId, message.DeliveryId, message.Channel, message.From, message.To, message.Body, message.ProviderId, message.ReceivedAt, pending },
            cancellationToken: cancellationToken));
        return inserted == 1;
    }

    public async Task<IReadOnlyList<InboundMessage>> ListAsync(Guid merchantId, Guid? recipientId, Guid? after, int limit, CancellationToken cancellationToken)
    {
        var where = "merchant_id = @merchantId";
        where += recipientId is null ? string.Empty : " AND recipient_id = @recipientId";
        where += after is null ? string.Empty : " AND id > @after";
        await using var connection = await connections.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<InboundMessage>(new CommandDefinition(
            $"SELECT {Columns} FROM exchange_inbound WHERE {where} ORDER BY id LIMIT @limit",
            new { merchantId, recipientId, after, limit },
            cancellationToken: cancellationToken));
        return rows.AsList();
    }
}
