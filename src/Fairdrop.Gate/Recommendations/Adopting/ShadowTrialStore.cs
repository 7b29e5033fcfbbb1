using Dapper;
using Fairdrop.Core.Storage;

namespace Fairdrop.Gate.Recommendations.Adopting;

/// <summary>Accepted recommendations (<c>gate_shadow_trials</c>) and their shadow hits in <c>gate_decisions</c>, per merchant.</summary>
internal sealed class ShadowTrialStore(DbConnectionFactory connections)
{
    private const string Columns = """
        merchant_id AS MerchantId, rule_name AS RuleName, rule_text AS RuleText, accepted_at AS AcceptedAt, predicted_matches AS PredictedMatches,
        predicted_requests AS PredictedRequests, predicted_window_ms AS PredictedWindowMs, promoted_at AS PromotedAt
        """;

    /// <summary>False when the merchant already has a trial of that name.</summary>
    public async Task<bool> AddAsync(ShadowTrialRow row, CancellationToken cancellationToken)
    {
        const string sql = """
            INSERT INTO gate_shadow_trials (merchant_id, rule_name, rule_text, accepted_at, predicted_matches, predicted_requests, predicted_window_ms)
            VALUES (@MerchantId, @RuleName, @RuleText, @AcceptedAt, @PredictedMatches, @PredictedRequests, @PredictedWindowMs)
            ON CONFLICT (merchant_id, rule_name) DO NOTHING
            """;
        await using var connection = await connections.OpenAsync(cancellationToken);
        await using var write = await connections.Dialect.BeginWriteAsync(connection, cancellationToken);
        var added = await connection.ExecuteAsync(new CommandDefinition(sql, row, write.Transaction, cancellationToken: cancellationToken));
        await write.CommitAsync(cancellationToken);
        return added == 1;
    }

    /// <summary>The merchant's trials by name (keyset: after <paramref name="after"/>), or the one named <paramref name="name"/>.</summary>
    public async Task<IReadOnlyList<ShadowTrialRow>> ListAsync(Guid merchantId, string? name, CancellationToken cancellationToken, string? after = null, int limit = 1)
    {
        var sql = $"""
            SELECT {Columns} FROM gate_shadow_trials
            WHERE merchant_id = @merchantId AND (@name IS NULL OR rule_name = @name) AND (@after IS NULL OR rule_name > @after)
            ORDER BY rule_name LIMIT @limit
            """;
        await using var connection = await connections.OpenAsync(cancellationToken);
        return [.. await connection.QueryAsync<ShadowTrialRow>(new CommandDefinition(sql, new { merchantId, name, after, limit }, cancellationToken: cancellationToken))];
    }

    /// <summary>Forgets a trial whose rule could not be installed, so accepting it again is not refused as a duplicate.</summary>
    public async Task RemoveAsync(Guid merchantId, string name, CancellationToken cancellationToken)
    {
        const string sql = "DELETE FROM gate_shadow_trials WHERE merchant_id = @merchantId AND rule_name = @name";
        await using var connection = await connections.OpenAsync(cancellationToken);
        await using var write = await connections.Dialect.BeginWriteAsync(connection, cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(sql, new { merchantId, name }, write.Transaction, cancellationToken: cancellationToken));
        await write.CommitAsync(cancellationToken);
    }

    /// <summary>Marks the trial promoted, once: false when it was already.</summary>
    public async Task<bool> PromoteAsync(Guid merchantId, string name, DateTimeOffset at, CancellationToken cancellationToken)
    {
        const string sql = "UPDATE gate_shadow_trials SET promoted_at = @at WHERE merchant_id = @merchantId AND rule_name = @name AND promoted_at IS NULL";
        await using var connection = await connections.OpenAsync(cancellationToken);
        await using var write = await connections.Dialect.BeginWriteAsync(connection, cancellationToken);
        var updated = await connection.ExecuteAsync(new CommandDefinition(sql, new { merchantId, name, at = at.ToUnixTimeMilliseconds() }, write.Transaction, cancellationToken: cancellationToken));
        await write.CommitAsync(cancellationToken);
        return updated == 1;
    }

    /// <summary>Recorded decisions since <paramref name="since"/> in which the shadow rule <paramref name="name"/> matched.</summary>
    public async Task<long> ShadowHitsAsync(Guid merchantId, string name, long since, CancellationToken cancellationToken)
    {
        // shadow_rules is a comma-separated list of names; names may hold '_', a LIKE wildcard, so it is escaped.
        const string sql = """
            SELECT COUNT(*) FROM gate_decisions
            WHERE merchant_id = @merchantId AND at >= @since AND (',' || shadow_rules || ',') LIKE @pattern ESCAPE '!'
            """;
        var pattern = "%," + name.Replace("!", "!!", StringComparison.Ordinal).Replace("_", "!_", StringComparison.Ordinal).Replace("%", "!%", StringComparison.Ordinal) + ",%";
        await using var connection = await connections.OpenAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<long>(new CommandDefinition(sql, new { merchantId, since, pattern }, cancellationToken: cancellationToken));
    }
}
