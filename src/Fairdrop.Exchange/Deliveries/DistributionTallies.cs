using Dapper;
using Fairdrop.Core.Storage;
using Fairdrop.Exchange.Engagement;

namespace Fairdrop.Exchange.Deliveries;

/// <summary>
/// What became of some distributions' deliveries, for the module that handed them in (restock's funnel): how many
/// were written, how many sent, and how many clicked through the exchange's signed tracked links (each delivery once).
/// </summary>
public sealed class DistributionTallies(DbConnectionFactory connections)
{
    /// <summary>A tally per distribution of the merchant among <paramref name="distributionIds"/>; one with no deliveries is absent.</summary>
    public async Task<IReadOnlyDictionary<Guid, DistributionTally>> CountAsync(Guid merchantId, IReadOnlyCollection<Guid> distributionIds, CancellationToken cancellationToken)
    {
        var result = new Dictionary<Guid, DistributionTally>(distributionIds.Count);
        if (distributionIds.Count == 0)
        {
            return result;
        }

        var parameters = new DynamicParameters(new { merchantId });
        var list = SqlList.In("distribution_id", distributionIds, parameters, "x");
        await using var connection = await connections.OpenAsync(cancellationToken);
        foreach (var (distributionId, tally) in await QueryAsync(connection, list, parameters, cancellationToken))
        {
            result[distributionId] = tally;
        }

        return result;
    }

    /// <summary>
    /// A tally per distribution of the merchant among those with the given idempotency keys (the keys the caller opened
    /// them with), by key; one unknown or with no deliveries is absent.
    /// </summary>
    public async Task<IReadOnlyDictionary<string, DistributionTally>> CountByKeyAsync(Guid merchantId, IReadOnlyCollection<string> idempotencyKeys, CancellationToken cancellationToken)
    {
        var result = new Dictionary<string, DistributionTally>(idempotencyKeys.Count, StringComparer.Ordinal);
        if (idempotencyKeys.Count == 0)
        {
            return result;
        }

        var parameters = new DynamicParameters(new { merchantId });
        var keys = SqlList.In("idempotency_key", idempotencyKeys, parameters, "k");
        await using var connection = await connections.OpenAsync(cancellationToken);
        var distributions = (await connection.QueryAsync<(Guid Id, string Key)>(new CommandDefinition(
            $"SELECT id, idempotency_key FROM exchange_distributions WHERE merchant_id = @merchantId AND {keys}",
            parameters,
            cancellationToken: cancellationToken))).ToDictionary(d => d.Id, d => d.Key);
        if (distributions.Count == 0)
        {
            return result;
        }

        parameters = new DynamicParameters(new { merchantId });
        var list = SqlList.In("distribution_id", distributions.Keys, parameters, "x");
        foreach (var (distributionId, tally) in await QueryAsync(connection, list, parameters, cancellationToken))
        {
            result[distributions[distributionId]] = tally;
        }

        return result;
    }

    private static async Task<IEnumerable<(Guid DistributionId, DistributionTally Tally)>> QueryAsync(
        System.Data.Common.DbConnection connection, string list, DynamicParameters parameters, CancellationToken cancellationToken)
    {
        parameters.Add("sent", DeliveryStatus.Sent);
        parameters.Add("clicked", EngagementKinds.Clicked);
        var rows = await connection.QueryAsync<(Guid DistributionId, long Deliveries, long Sent, long Clicked)>(new CommandDefinition(
            $"""
            SELECT distribution_id, CAST(SUM(deliveries) AS BIGINT), CAST(SUM(sent) AS BIGINT), CAST(SUM(clicked) AS BIGINT) FROM (
                SELECT distribution_id, COUNT(*) AS deliveries, SUM(CASE WHEN status = @sent THEN 1 ELSE 0 END) AS sent, 0 AS clicked
                FROM exchange_deliveries WHERE merchant_id = @merchantId AND {list} GROUP BY distribution_id
                UNION ALL
                SELECT distribution_id, 0, 0, COUNT(DISTINCT delivery_id) FROM exchange_engagement
                WHERE merchant_id = @merchantId AND {list} AND kind = @clicked GROUP BY distribution_id
            ) AS t GROUP BY distribution_id
            """,
            parameters,
            cancellationToken: cancellationToken));
        return rows.Select(r => (r.DistributionId, new DistributionTally(r.Deliveries, r.Sent, r.Clicked)));
    }
}
