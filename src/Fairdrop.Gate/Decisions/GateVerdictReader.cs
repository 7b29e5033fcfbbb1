using Dapper;
using Fairdrop.Core.Shoppers;
using Fairdrop.Core.Storage;

namespace Fairdrop.Gate.Decisions;

/// <summary>
/// The gate's verdicts for drops: the latest <c>block</c> or <c>challenge</c> of a shopper (the request's customer id)
/// in the decision log, found through <c>ix_gate_decisions_customer</c>. Every non-allow decision is logged, so none is
/// missed by sampling.
/// </summary>
internal sealed class GateVerdictReader(DbConnectionFactory connections) : IGateVerdicts
{
    public async Task<GateVerdict?> LatestAsync(Guid merchantId, string shopperId, DateTimeOffset since, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        var row = await connection.QueryFirstOrDefaultAsync<(string Decision, string? Rule, long At)?>(new CommandDefinition(
            """
            SELECT decision, rule, at FROM gate_decisions
            WHERE merchant_id = @merchantId AND customer_id = @shopperId AND at >= @since AND decision IN ('block', 'challenge')
            ORDER BY at DESC LIMIT 1
            """,
            new { merchantId, shopperId, since = since.ToUnixTimeMilliseconds() },
            cancellationToken: cancellationToken));
        return row is { } found ? new GateVerdict(found.Decision, found.Rule, DateTimeOffset.FromUnixTimeMilliseconds(found.At)) : null;
    }

    public async Task<IReadOnlyDictionary<string, GateVerdict>> LatestAsync(Guid merchantId, IReadOnlyCollection<string> shopperIds, DateTimeOffset since, CancellationToken cancellationToken)
    {
        var found = new Dictionary<string, GateVerdict>(StringComparer.Ordinal);
        if (shopperIds.Count == 0)
        {
            return found;
        }

        var parameters = new DynamicParameters(new { merchantId, since = since.ToUnixTimeMilliseconds() });
        await using var connection = await connections.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<(string Customer, string Decision, string? Rule, long At)>(new CommandDefinition(
            $"""
            SELECT customer_id, decision, rule, at FROM gate_decisions
            WHERE merchant_id = @merchantId AND {SqlList.In("customer_id", shopperIds, parameters, "s")} AND at >= @since AND decision IN ('block', 'challenge')
            ORDER BY at DESC
            """,
            parameters,
            cancellationToken: cancellationToken));
        foreach (var (customer, decision, rule, at) in rows)
        {
            found.TryAdd(customer, new GateVerdict(decision, rule, DateTimeOffset.FromUnixTimeMilliseconds(at))); // newest first
        }

        return found;
    }
}
