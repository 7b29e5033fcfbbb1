using System.Data.Common;
using System.Text.Json;
using Dapper;
using Fairdrop.Core.Storage;

namespace Fairdrop.Exchange.Distributions;

/// <summary>Distributions, scoped by merchant; the idempotency key makes creating one twice return the first.</summary>
internal sealed class DistributionStore(DbConnectionFactory connections)
{
    private const string Columns =
        "id AS Id, merchant_id AS MerchantId, sender_id AS SenderId, source AS Source, topic AS Topic, content AS Content, audience AS Audience, deadline AS Deadline, idempotency_key AS IdempotencyKey, status AS Status, created_at AS CreatedAt, matched_at AS MatchedAt";

    /// <summary>Creates the distribution unless the merchant already has one with its key; returns the stored one and whether it is new.</summary>
    public async Task<(Distribution Distribution, bool Created)> CreateAsync(Distribution distribution, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        return await CreateAsync(connection, null, distribution, cancellationToken);
    }

    /// <summary>
    /// As <see cref="CreateAsync(Distribution, CancellationToken)"/>, on the caller's connection and inside its transaction
    /// when given one (the intake's way in); <see cref="Distribution.MatchedAt"/> is stored as given.
    /// </summary>
    public static async Task<(Distribution Distribution, bool Created)> CreateAsync(
        DbConnection connection, DbTransaction? transaction, Distribution distribution, CancellationToken cancellationToken)
    {
        var inserted = await InsertAsync(connection, transaction, distribution, cancellationToken);
        var stored = await GetByKeyAsync(connection, transaction, distribution.MerchantId, distribution.IdempotencyKey, cancellationToken);
        return (stored!, inserted);
    }

    /// <summary>
    /// As <see cref="CreateAsync(DbConnection, DbTransaction?, Distribution, CancellationToken)"/>, for a caller that needs
    /// only the id: the stored row is read back only when its key was taken (an SMS program's text reads nothing back).
    /// </summary>
    public static async Task<Guid> OpenAsync(DbConnection connection, DbTransaction transaction, Distribution distribution, CancellationToken cancellationToken) =>
        await InsertAsync(connection, transaction, distribution, cancellationToken)
            ? distribution.Id
            : await connection.QuerySingleAsync<Guid>(new CommandDefinition(
                "SELECT id FROM exchange_distributions WHERE merchant_id = @MerchantId AND idempotency_key = @IdempotencyKey",
                new { distribution.MerchantId, distribution.IdempotencyKey },
                transaction,
                cancellationToken: cancellationToken));

    private static async Task<bool> InsertAsync(DbConnection connection, DbTransaction? transaction, Distribution distribution, CancellationToken cancellationToken)
    {
        var inserted = await connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO exchange_distributions (id, merchant_id, sender_id, source, topic, content, audience, deadline, idempotency_key, status, created_at, matched_at)
            VALUES (@Id, @MerchantId, @SenderId, @Source, @Topic, @Content, '{}', @Deadline, @IdempotencyKey, @Status, @CreatedAt, @MatchedAt)
            ON CONFLICT (merchant_id, idempotency_key) DO NOTHING
            """,
            new
            {
                distribution.Id,
                distribution.MerchantId,
                distribution.SenderId,
                distribution.Source,
                distribution.Topic,
                Content = ExchangeJson.Write(new StoredDistribution(distribution.Content, distribution.Audience, distribution.Data, distribution.Delivery)),
                distribution.Deadline,
                distribution.IdempotencyKey,
                distribution.Status,
                distribution.CreatedAt,
                distribution.MatchedAt,
            },
            transaction,
            cancellationToken: cancellationToken));
        return inserted == 1;
    }

    public async Task<Distribution?> GetAsync(Guid merchantId, Guid id, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<Row>(new CommandDefinition(
            $"SELECT {Columns} FROM exchange_distributions WHERE merchant_id = @merchantId AND id = @id",
            new { merchantId, id },
            cancellationToken: cancellationToken));
        return row?.ToDistribution();
    }

    public async Task<IReadOnlyList<Distribution>> ListAsync(Guid merchantId, Guid? after, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        var where = after is null ? string.Empty : "AND id > @after";
        var rows = await connection.QueryAsync<Row>(new CommandDefinition(
            $"SELECT {Columns} FROM exchange_distributions WHERE merchant_id = @merchantId {where} ORDER BY id LIMIT @limit",
            new { merchantId, after, limit },
            cancellationToken: cancellationToken));
        return rows.Select(r => r.ToDistribution()).ToList();
    }

    private static async Task<Distribution?> GetByKeyAsync(DbConnection connection, DbTransaction? transaction, Guid merchantId, string key, CancellationToken cancellationToken)
    {
        var row = await connection.QuerySingleOrDefaultAsync<Row>(new CommandDefinition(
            $"SELECT {Columns} FROM exchange_distributions WHERE merchant_id = @merchantId AND idempotency_key = @key",
            new { merchantId, key },
            transaction,
            cancellationToken: cancellationToken));
        return row?.ToDistribution();
    }

    internal sealed record Row(
        Guid Id, Guid MerchantId, Guid SenderId, string Source, string? Topic, string Content, string Audience,
        DateTimeOffset? Deadline, string IdempotencyKey, string Status, DateTimeOffset CreatedAt, DateTimeOffset? MatchedAt)
    {
        public Distribution ToDistribution()
        {
            var stored = ExchangeJson.Read<StoredDistribution>(Content);
            var data = stored.Data.ValueKind == JsonValueKind.Undefined ? default : stored.Data.Clone();
            return new Distribution(Id, MerchantId, SenderId, Source, Topic, stored.Content, stored.Audience, data, Deadline, IdempotencyKey, Status, CreatedAt, MatchedAt, stored.Delivery);
        }
    }
}
