using Dapper;
using Fairdrop.Core.Storage;

namespace Fairdrop.Gate.Decisions;

/// <summary>Reads recorded decisions of one merchant, newest first, keyset-paged by id; imports a recorded or simulated log.</summary>
public sealed class DecisionStore(DbConnectionFactory connections)
{
    /// <summary>
    /// Writes <paramref name="records"/> into the merchant's decision log as if its gate had recorded them (new ids, the
    /// merchant's), so a simulated or exported night can be analysed and replayed where the live log is. New ids, because
    /// the same file may be imported twice or for two merchants; requests of the same millisecond read back in id order.
    /// </summary>
    public async Task<long> ImportAsync(Guid merchantId, IEnumerable<DecisionRecord> records, CancellationToken cancellationToken) =>
        await new BulkWriter(connections).InsertAsync(DecisionWriter.Table, records.Select(r => r with { Id = Guid.CreateVersion7(r.At), MerchantId = merchantId }), cancellationToken);

    public async Task<IReadOnlyList<DecisionRecord>> ListAsync(Guid merchantId, DecisionQuery query, CancellationToken cancellationToken)
    {
        const string sql = """
            SELECT id AS Id, merchant_id AS MerchantId, at AS At, decision AS Decision, rule AS Rule, matched_rules AS MatchedRules,
                   shadow_rules AS ShadowRules, rule_version AS RuleVersion, method AS Method, path AS Path, action AS Action, ip AS Ip,
                   customer_id AS CustomerId, session_id AS SessionId, device_id AS DeviceId, user_agent AS UserAgent, product_id AS ProductId, headers AS Headers
            FROM gate_decisions
            WHERE merchant_id = @MerchantId
              AND (@Before IS NULL OR id < @Before)
              AND (@Decision IS NULL OR decision = @Decision)
              AND (@Action IS NULL OR action = @Action)
            ORDER BY id DESC
            LIMIT @Limit
            """;
        await using var connection = await connections.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<DecisionRow>(new CommandDefinition(sql, new
        {
            MerchantId = merchantId,
            query.Before,
            query.Decision,
            query.Action,
            query.Limit,
        }, cancellationToken: cancellationToken));
        return [.. rows.Select(r => r.ToRecord())];
    }

    /// <summary>Every decision, optionally of one merchant and since a time, oldest first, streamed (for replay).</summary>
    public async IAsyncEnumerable<DecisionRecord> ReadOldestFirstAsync(Guid? merchantId, DateTimeOffset? since, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        const string sql = """
            SELECT id AS Id, merchant_id AS MerchantId, at AS At, decision AS Decision, rule AS Rule, matched_rules AS MatchedRules,
                   shadow_rules AS ShadowRules, rule_version AS RuleVersion, method AS Method, path AS Path, action AS Action, ip AS Ip,
                   customer_id AS CustomerId, session_id AS SessionId, device_id AS DeviceId, user_agent AS UserAgent, product_id AS ProductId, headers AS Headers
            FROM gate_decisions
            WHERE (@MerchantId IS NULL OR merchant_id = @MerchantId)
              AND at >= @Since
            ORDER BY at, id
            """;
        await using var connection = await connections.OpenAsync(cancellationToken);
        var rows = connection.QueryUnbufferedAsync<DecisionRow>(sql, new { MerchantId = merchantId, Since = since?.ToUnixTimeMilliseconds() ?? 0 });
        await foreach (var row in rows.WithCancellation(cancellationToken))
        {
            yield return row.ToRecord();
        }
    }
}
