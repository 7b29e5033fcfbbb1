using Dapper;
using Fairdrop.Core.Storage;

namespace Fairdrop.Exchange.Channels.Sms;

/// <summary>Per-delivery SMS send state (the guard against sending twice) and the segment count kept on the delivery.</summary>
internal sealed class SmsSendStore(DbConnectionFactory connections)
{
    private const string Columns =
        "delivery_id AS DeliveryId, merchant_id AS MerchantId, to_number AS ToNumber, body_hash AS BodyHash, first_attempt_at AS FirstAttemptAt, state AS State, sid AS Sid";

    public async Task<SmsSend?> GetAsync(Guid deliveryId, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<SmsSend>(new CommandDefinition(
            $"SELECT {Columns} FROM exchange_sms_sends WHERE delivery_id = @deliveryId", new { deliveryId }, cancellationToken: cancellationToken));
    }

    /// <summary>The delivery the provider's message id belongs to, for status callbacks.</summary>
    public async Task<SmsSend?> FindBySidAsync(string sid, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<SmsSend>(new CommandDefinition(
            $"SELECT {Columns} FROM exchange_sms_sends WHERE sid = @sid", new { sid }, cancellationToken: cancellationToken));
    }

    public async Task BeginAsync(SmsSend send, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO exchange_sms_sends (delivery_id, merchant_id, to_number, body_hash, first_attempt_at, state, sid)
            VALUES (@DeliveryId, @MerchantId, @ToNumber, @BodyHash, @FirstAttemptAt, @State, @Sid)
            ON CONFLICT (delivery_id) DO NOTHING
            """,
            send,
            cancellationToken: cancellationToken));
    }

    public async Task MarkAsync(Guid deliveryId, string state, string? sid, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            sid is null
                ? "UPDATE exchange_sms_sends SET state = @state WHERE delivery_id = @deliveryId"
                : "UPDATE exchange_sms_sends SET state = @state, sid = @sid WHERE delivery_id = @deliveryId",
            new { deliveryId, state, sid },
            cancellationToken: cancellationToken));
    }

    /// <summary>Records the encoding and segment count on the delivery row, known before the message goes out.</summary>
    public async Task SetSegmentsAsync(Guid deliveryId, SmsEncoding encoding, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE exchange_deliveries SET segments = @Segments, encoding = @Encoding WHERE id = @deliveryId",
            new { deliveryId, encoding.Segments, encoding.Encoding },
            cancellationToken: cancellationToken));
    }
}
