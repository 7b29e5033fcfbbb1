using System.Data.Common;
using System.Text.Json;
using Dapper;
using Fairdrop.Core.Ids;
using Fairdrop.Core.Storage;
using Fairdrop.Exchange.Matching;

namespace Fairdrop.Exchange.Recipients;

/// <summary>Recipients, scoped by merchant and keyed by the merchant's external id; upserts are idempotent.</summary>
internal sealed class RecipientStore(DbConnectionFactory connections, IdGenerator ids, TimeProvider time)
{
    private const string Columns =
        "id AS Id, merchant_id AS MerchantId, external_id AS ExternalId, attributes AS Attributes, contacts AS Contacts, consents AS Consents, rules AS Rules, created_at AS CreatedAt, updated_at AS UpdatedAt, web_push_devices AS WebPushDevices";

    /// <summary>Inserts or replaces recipients by external id, all in one transaction; returns them as stored.</summary>
    public async Task<IReadOnlyList<Guid>> UpsertAsync(Guid merchantId, IReadOnlyList<RecipientInput> inputs, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        await using var connection = await connections.OpenAsync(cancellationToken);
        await using var write = await connections.Dialect.BeginWriteAsync(connection, cancellationToken);
        var transaction = write.Transaction;
        var result = new List<Guid>(inputs.Count);
        foreach (var input in inputs)
        {
            result.Add(await UpsertAsync(connection, transaction, ids.NewId(), merchantId, input, now, cancellationToken));
        }

        await write.CommitAsync(cancellationToken);
        return result;
    }

    /// <summary>
    /// Inserts or replaces one validated recipient by external id on the caller's connection and transaction (the
    /// API's batch and the intake both come here); <paramref name="id"/> is used only when the recipient is new. Returns the stored id.
    /// </summary>
    public static Task<Guid> UpsertAsync(
        DbConnection connection, DbTransaction? transaction, Guid id, Guid merchantId, RecipientInput input, DateTimeOffset now, CancellationToken cancellationToken) =>
        connection.ExecuteScalarAsync<Guid>(new CommandDefinition(
            """
            INSERT INTO exchange_recipients (id, merchant_id, external_id, attributes, contacts, consents, rules, in_app_user_id, phone, created_at, updated_at)
            VALUES (@Id, @MerchantId, @ExternalId, @Attributes, @Contacts, @Consents, @Rules, @InAppUserId, @Phone, @Now, @Now)
            ON CONFLICT (merchant_id, external_id) DO UPDATE SET attributes = excluded.attributes, contacts = excluded.contacts,
                consents = excluded.consents, rules = excluded.rules, in_app_user_id = excluded.in_app_user_id, phone = excluded.phone, updated_at = excluded.updated_at
            RETURNING id
            """,
            new
            {
                Id = id,
                MerchantId = merchantId,
                input.ExternalId,
                Attributes = input.Attributes.ValueKind == JsonValueKind.Undefined ? "{}" : input.Attributes.GetRawText(),
                Contacts = ExchangeJson.Write(input.Contacts),
                Consents = ExchangeJson.Write(input.Consents),
                Rules = ExchangeJson.Write(input.Rules),
                input.Contacts.InAppUserId,
                input.Contacts.Phone,
                Now = now,
            },
            transaction,
            cancellationToken: cancellationToken));

    public async Task<Recipient?> GetAsync(Guid merchantId, Guid id, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<Row>(new CommandDefinition(
            $"SELECT {Columns} FROM exchange_recipients WHERE merchant_id = @merchantId AND id = @id",
            new { merchantId, id },
            cancellationToken: cancellationToken));
        return row?.ToRecipient();
    }

    /// <summary>
    /// Reads many recipients by id in one statement (the dispatcher's claimed batch); the caller checks each one's
    /// merchant against its delivery, so a batch spanning merchants never mixes their data.
    /// </summary>
    public async Task<Dictionary<Guid, Recipient>> GetManyAsync(IReadOnlyCollection<Guid> ids, CancellationToken cancellationToken)
    {
        var result = new Dictionary<Guid, Recipient>(ids.Count);
        if (ids.Count == 0)
        {
            return result;
        }

        // SQLite takes the ids as one JSON array: binding a thousand named parameters costs more than the lookups.
        var parameters = new DynamicParameters();
        string where;
        if (connections.Dialect.Name == "sqlite")
        {
            where = "id IN (SELECT value FROM json_each(@ids))";
            parameters.Add("ids", System.Text.Json.JsonSerializer.Serialize(ids.Select(id => id.ToString("D"))));
        }
        else
        {
            where = SqlList.In("id", ids, parameters, "r");
        }

        await using var connection = await connections.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<Row>(new CommandDefinition(
            $"SELECT {Columns} FROM exchange_recipients WHERE {where}",
            parameters,
            cancellationToken: cancellationToken));
        foreach (var row in rows)
        {
            var recipient = row.ToRecipient();
            result[recipient.Id] = recipient;
        }

        return result;
    }

    /// <summary>
    /// The merchant's recipient whose <c>contacts.inAppUserId</c> is <paramref name="inAppUserId"/>, or null. Should a
    /// merchant have given one user id to several recipients, the most recently updated one answers.
    /// </summary>
    public async Task<Guid?> FindIdByInAppUserIdAsync(Guid merchantId, string inAppUserId, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        return await connection.QueryFirstOrDefaultAsync<Guid?>(new CommandDefinition(
            "SELECT id FROM exchange_recipients WHERE merchant_id = @merchantId AND in_app_user_id = @inAppUserId ORDER BY updated_at DESC, id DESC LIMIT 1",
            new { merchantId, inAppUserId },
            cancellationToken: cancellationToken));
    }

    public async Task<IReadOnlyList<Recipient>> ListAsync(Guid merchantId, Guid? after, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        return await PageAsync(connection, null, merchantId, after, limit, cancellationToken);
    }

    /// <summary>A keyset page of the merchant's recipients in id order, for streaming over a whole audience.</summary>
    public static async Task<IReadOnlyList<Recipient>> PageAsync(DbConnection connection, DbTransaction? transaction, Guid merchantId, Guid? after, int limit, CancellationToken cancellationToken)
    {
        var where = after is null ? string.Empty : "AND id > @after";
        var rows = await connection.QueryAsync<Row>(new CommandDefinition(
            $"SELECT {Columns} FROM exchange_recipients WHERE merchant_id = @merchantId {where} ORDER BY id LIMIT @limit",
            new { merchantId, after, limit },
            transaction,
            cancellationToken: cancellationToken));
        return rows.Select(r => r.ToRecipient()).ToList();
    }

    /// <summary>Withdraws consent to a channel (an unsubscribe); false when the recipient is unknown.</summary>
    public Task<bool> WithdrawConsentAsync(Guid merchantId, Guid id, Channel channel, CancellationToken cancellationToken) =>
        SetConsentAsync(merchantId, id, channel, null, cancellationToken);

    /// <summary>Gives (or, with null, withdraws) consent to a channel; false when the recipient is unknown.</summary>
    public async Task<bool> SetConsentAsync(Guid merchantId, Guid id, Channel channel, Consent? consent, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        await using var write = await connections.Dialect.BeginWriteAsync(connection, cancellationToken);
        if (!await SetConsentAsync(connection, write.Transaction, merchantId, id, channel, consent, time.GetUtcNow(), cancellationToken))
        {
            return false;
        }

        await write.CommitAsync(cancellationToken);
        return true;
    }

    /// <summary>The same, inside the caller's write transaction (a series' unsubscribe action, with its event).</summary>
    public static async Task<bool> SetConsentAsync(
        DbConnection connection, DbTransaction transaction, Guid merchantId, Guid id, Channel channel, Consent? consent, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var consents = await connection.QuerySingleOrDefaultAsync<string>(new CommandDefinition(
            "SELECT consents FROM exchange_recipients WHERE merchant_id = @merchantId AND id = @id",
            new { merchantId, id },
            transaction,
            cancellationToken: cancellationToken));
        if (consents is null)
        {
            return false;
        }

        var map = new Dictionary<Channel, Consent>(ExchangeJson.Read<Dictionary<Channel, Consent>>(consents));
        if (consent is null)
        {
            map.Remove(channel);
        }
        else
        {
            map[channel] = consent;
        }

        await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE exchange_recipients SET consents = @consents, updated_at = @now WHERE merchant_id = @merchantId AND id = @id",
            new { merchantId, id, consents = ExchangeJson.Write(map), now },
            transaction,
            cancellationToken: cancellationToken));
        return true;
    }

    private sealed record Row(Guid Id, Guid MerchantId, string ExternalId, string Attributes, string Contacts, string Consents, string Rules, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, long WebPushDevices)
    {
        public Recipient ToRecipient()
        {
            using var attributes = JsonDocument.Parse(Attributes);
            return new Recipient(
                Id,
                MerchantId,
                ExternalId,
                attributes.RootElement.Clone(),
                ExchangeJson.Read<Contacts>(Contacts),
                ExchangeJson.Read<Dictionary<Channel, Consent>>(Consents),
                ExchangeJson.Read<RecipientRules>(Rules),
                CreatedAt,
                UpdatedAt,
                WebPushDevices);
        }
    }
}
