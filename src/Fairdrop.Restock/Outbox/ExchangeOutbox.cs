using System.Data.Common;
using System.Security.Cryptography;
using Dapper;
using Fairdrop.Core.Ids;
using Fairdrop.Core.Storage;
using Fairdrop.Exchange.Distributions;
using Fairdrop.Exchange.Matching;
using Fairdrop.Exchange.Recipients;
using Fairdrop.Exchange.Senders;

namespace Fairdrop.Restock.Outbox;

/// <summary>
/// Hands restock alerts to the exchange inside the caller's transaction: the merchant's restock sender, one
/// recipient per waiting contact, one distribution per wave (source <c>restock</c>, idempotency key per round and
/// wave) and its scheduled delivery rows, which the exchange's dispatcher sends, retries and rate-limits.
/// The exchange's stores are internal and open their own connections, so this writes the same rows with the same
/// SQL and keys (docs/restock.md, "Why restock writes exchange rows"); matching is already done by the wave planner.
/// </summary>
internal sealed class ExchangeOutbox(IdGenerator ids)
{
    public const string Source = "restock";
    public const string Topic = "restock";

    private static readonly string[] DeliveryColumns =
        ["id", "merchant_id", "distribution_id", "recipient_id", "topic", "channel", "status", "send_at", "next_attempt_at", "attempts", "created_at", "claimed_until"];

    /// <summary>The merchant's restock sender, created on first use.</summary>
    public async Task<Guid> EnsureSenderAsync(DbConnection connection, DbTransaction transaction, Guid merchantId, string fromAddress, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var existing = await connection.QuerySingleOrDefaultAsync<Guid?>(new CommandDefinition(
            "SELECT sender_id FROM restock_settings WHERE merchant_id = @merchantId AND sender_id IS NOT NULL", new { merchantId }, transaction, cancellationToken: cancellationToken));
        if (existing is { } id)
        {
            return id;
        }

        id = ids.NewId();
        var rules = new SenderRules([Channel.Email, Channel.InApp, Channel.Sms, Channel.WebPush], null, null, [Channel.Email, Channel.Sms]);
        await connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO exchange_senders (id, merchant_id, name, brand, from_address, reply_to, rules, webhook_secret, created_at, updated_at)
            VALUES (@id, @merchantId, 'Restock alerts', NULL, @fromAddress, NULL, @rules, @secret, @now, @now)
            """,
            new { id, merchantId, fromAddress, rules = ExchangeJsonShape.Write(rules), secret = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32)), now },
            transaction,
            cancellationToken: cancellationToken));
        await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE restock_settings SET sender_id = @id WHERE merchant_id = @merchantId", new { id, merchantId }, transaction, cancellationToken: cancellationToken));
        return id;
    }

    /// <summary>Upserts the exchange recipient of one contact on one channel, with the consent the shopper gave; returns its id.</summary>
    public async Task<Guid> UpsertRecipientAsync(
        DbConnection connection, DbTransaction transaction, Guid merchantId, string externalId, Channel channel, string contact,
        Consent consent, RecipientRules rules, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var contacts = channel switch
        {
            Channel.Email => new Contacts(Email: contact),
            Channel.Sms => new Contacts(Phone: contact),
            _ => new Contacts(InAppUserId: contact),
        };
        return await connection.ExecuteScalarAsync<Guid>(new CommandDefinition(
            """
            INSERT INTO exchange_recipients (id, merchant_id, external_id, attributes, contacts, consents, rules, in_app_user_id, phone, created_at, updated_at)
            VALUES (@id, @merchantId, @externalId, '{}', @contacts, @consents, @rules, @inApp, @phone, @now, @now)
            ON CONFLICT (merchant_id, external_id) DO UPDATE SET contacts = excluded.contacts, consents = excluded.consents,
                rules = excluded.rules, in_app_user_id = excluded.in_app_user_id, phone = excluded.phone, updated_at = excluded.updated_at
            RETURNING id
            """,
            new
            {
                id = ids.NewId(),
                merchantId,
                externalId,
                contacts = ExchangeJsonShape.Write(contacts),
                consents = ExchangeJsonShape.Write(new Dictionary<Channel, Consent> { [channel] = consent }),
                rules = ExchangeJsonShape.Write(rules),
                inApp = contacts.InAppUserId,
                phone = contacts.Phone,
                now,
            },
            transaction,
            cancellationToken: cancellationToken));
    }

    /// <summary>Creates the wave's distribution, already matched, unless its idempotency key exists; returns the stored id.</summary>
    public async Task<Guid> CreateWaveDistributionAsync(
        DbConnection connection, DbTransaction transaction, Guid merchantId, Guid senderId, string idempotencyKey,
        DistributionContent content, System.Text.Json.JsonElement data, DateTimeOffset now, CancellationToken cancellationToken)
    {
        // The audience is the wave's delivery rows, written by the planner; the stored audience names nobody so
        // that nothing else ever matches this distribution again.
        var stored = ExchangeJsonShape.Write(new { content, audience = new Audience(ExternalIds: []), data });
        await connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO exchange_distributions (id, merchant_id, sender_id, source, topic, content, audience, deadline, idempotency_key, status, created_at, matched_at)
            VALUES (@id, @merchantId, @senderId, @source, @topic, @stored, '{}', NULL, @idempotencyKey, @matched, @now, @now)
            ON CONFLICT (merchant_id, idempotency_key) DO NOTHING
            """,
            new { id = ids.NewId(), merchantId, senderId, source = Source, topic = Topic, stored, idempotencyKey, matched = Distribution.Matched, now },
            transaction,
            cancellationToken: cancellationToken));
        return await connection.QuerySingleAsync<Guid>(new CommandDefinition(
            "SELECT id FROM exchange_distributions WHERE merchant_id = @merchantId AND idempotency_key = @idempotencyKey",
            new { merchantId, idempotencyKey },
            transaction,
            cancellationToken: cancellationToken));
    }

    /// <summary>A writer of scheduled delivery rows; a row that exists (same distribution and recipient) is left alone.</summary>
    public static MultiRowInsert Deliveries(DbConnection connection) =>
        new(connection, "exchange_deliveries", DeliveryColumns, "(distribution_id, recipient_id)");

    public static int DeliveryWidth => DeliveryColumns.Length;

    /// <summary>
    /// Fills a reusable row of <see cref="Deliveries"/> with one delivery: scheduled, or, with <paramref name="claimedUntil"/>,
    /// already claimed for this process's dispatcher (<see cref="Fairdrop.Exchange.Dispatch.DispatchHandoff"/>), leased like a claim.
    /// </summary>
    public static void FillDeliveryRow(
        object?[] row, Guid id, Guid merchantId, Guid distributionId, Guid recipientId, string channel, DateTimeOffset sendAt, DateTimeOffset now, DateTimeOffset? claimedUntil = null)
    {
        row[0] = id;
        row[1] = merchantId;
        row[2] = distributionId;
        row[3] = recipientId;
        row[4] = Topic;
        row[5] = channel;
        row[6] = claimedUntil is null ? "scheduled" : "sending";
        row[7] = sendAt;
        row[8] = claimedUntil ?? sendAt;
        row[9] = 0L;
        row[10] = now;
        row[11] = claimedUntil;
    }
}
