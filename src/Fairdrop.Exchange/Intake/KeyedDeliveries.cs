using System.Data.Common;
using Dapper;
using Fairdrop.Core.Storage;

namespace Fairdrop.Exchange.Intake;

/// <summary>
/// Reads deliveries back by the source keys their module gave them (restock: <c>restock:{round}:{subscription}</c>),
/// through the unique (merchant, source key) index, on the caller's connection and, if given, inside its transaction.
/// </summary>
public static class KeyedDeliveries
{
    /// <summary>The merchant's deliveries with any of <paramref name="sourceKeys"/>.</summary>
    public static async Task<IReadOnlyList<KeyedDelivery>> FindAsync(
        DbConnection connection, DbTransaction? transaction, Guid merchantId, IReadOnlyCollection<string> sourceKeys, CancellationToken cancellationToken)
    {
        if (sourceKeys.Count == 0)
        {
            return [];
        }

        var parameters = new DynamicParameters(new { merchantId });
        var keys = SqlList.In("source_key", sourceKeys, parameters, "k");
        return (await connection.QueryAsync<KeyedDelivery>(new CommandDefinition(
            $"""
            SELECT source_key AS SourceKey, id AS Id, distribution_id AS DistributionId, recipient_id AS RecipientId, send_at AS SendAt
            FROM exchange_deliveries WHERE merchant_id = @merchantId AND {keys}
            """,
            parameters,
            transaction,
            cancellationToken: cancellationToken))).AsList();
    }

    /// <summary>
    /// A page of the merchant's deliveries whose source key starts with <paramref name="prefix"/>, in key order, after
    /// the key <paramref name="after"/> if given: at most <paramref name="limit"/>.
    /// </summary>
    public static async Task<IReadOnlyList<KeyedDelivery>> PageAsync(
        DbConnection connection, DbTransaction? transaction, Guid merchantId, string prefix, string? after, int limit, CancellationToken cancellationToken)
    {
        // substr, not a range of the index nor LIKE: PostgreSQL's collations may order punctuation apart from the bytes,
        // and LIKE would read the prefix's own wildcards. Paging compares and orders in one collation either way.
        var page = after is null ? string.Empty : "AND source_key > @after";
        return (await connection.QueryAsync<KeyedDelivery>(new CommandDefinition(
            $"""
            SELECT source_key AS SourceKey, id AS Id, distribution_id AS DistributionId, recipient_id AS RecipientId, send_at AS SendAt
            FROM exchange_deliveries WHERE merchant_id = @merchantId AND substr(source_key, 1, @length) = @prefix {page}
            ORDER BY source_key LIMIT @limit
            """,
            new { merchantId, prefix, length = prefix.Length, after, limit },
            transaction,
            cancellationToken: cancellationToken))).AsList();
    }

    /// <summary>The merchant's keyed deliveries of the distributions opened with any of <paramref name="idempotencyKeys"/>.</summary>
    public static async Task<IReadOnlyList<KeyedDelivery>> OfDistributionsAsync(
        DbConnection connection, DbTransaction? transaction, Guid merchantId, IReadOnlyCollection<string> idempotencyKeys, CancellationToken cancellationToken)
    {
        if (idempotencyKeys.Count == 0)
        {
            return [];
        }

        var parameters = new DynamicParameters(new { merchantId });
        var keys = SqlList.In("x.idempotency_key", idempotencyKeys, parameters, "k");
        return (await connection.QueryAsync<KeyedDelivery>(new CommandDefinition(
            $"""
            SELECT d.source_key AS SourceKey, d.id AS Id, d.distribution_id AS DistributionId, d.recipient_id AS RecipientId, d.send_at AS SendAt
            FROM exchange_distributions x JOIN exchange_deliveries d ON d.distribution_id = x.id
            WHERE x.merchant_id = @merchantId AND {keys} AND d.source_key IS NOT NULL
            """,
            parameters,
            transaction,
            cancellationToken: cancellationToken))).AsList();
    }
}
