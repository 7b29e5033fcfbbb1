using Dapper;
using Fairdrop.Core.Storage;
using Fairdrop.Exchange.Engagement;

namespace Fairdrop.Exchange.Deliveries;

/// <summary>
/// What became of some distributions' deliveries, for the module that handed them in (restock's funnel): how many
/// were sent, and how many were clicked through the exchange's signed tracked links (each delivery once).
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

        var parameters = new DynamicParameters(new { merchantId, sent = DeliveryStatus.Sent, clicked = EngagementKinds.Clicked });
        var list = SqlList.In("distribution_id", distributionIds, parameters, "x");
        await using var connection = await connections.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<(Guid DistributionId, long Sent, long Clicked)>(new CommandDefinition(
            $"""
            SELECT distribution_id, CAST(SUM(sent) AS BIGINT), CAST(SUM(clicked) AS BIGINT) FROM (
                SELECT distribution_id, COUNT(*) AS sent, 0 AS clicked FROM exchange_deliveries
                WHERE merchant_id = @merchantId AND {list} AND status = @sent GROUP BY distribution_id
                UNION ALL
                SELECT distribution_id, 0, COUNT(DISTINCT delivery_id) FROM exchange_engagement
                WHERE merchant_id = @merchantId AND {list} AND kind = @clicked GROUP BY distribution_id
            ) AS t GROUP BY distribution_id
            """,
            parameters,
            cancellationToken: cancellationToken));
        foreach (var (distributionId, sent, clicked) in rows)
        {
            result[distributionId] = new DistributionTally(sent, clicked);
        }

        return result;
    }
}
