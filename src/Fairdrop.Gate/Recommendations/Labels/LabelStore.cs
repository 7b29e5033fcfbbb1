using Dapper;
using Fairdrop.Core.Storage;

namespace Fairdrop.Gate.Recommendations.Labels;

/// <summary>The merchant's labels, kept as evidence per shopper in <c>gate_labels</c> and classified when read.</summary>
internal sealed class LabelStore(DbConnectionFactory connections, TimeProvider time)
{
    /// <summary>Sets each shopper's evidence (a later call for the same shopper replaces it), in one transaction.</summary>
    public async Task<int> PutAsync(Guid merchantId, IReadOnlyList<ShopperEvidence> evidence, CancellationToken cancellationToken)
    {
        const string sql = """
            INSERT INTO gate_labels (merchant_id, shopper, purchases, challenges_passed, challenges_failed, marked_fraud, drop_bot_flag, shadow_hits, updated_at)
            VALUES (@MerchantId, @Shopper, @Purchases, @ChallengesPassed, @ChallengesFailed, @MarkedFraud, @DropBotFlag, @ShadowHits, @UpdatedAt)
            ON CONFLICT (merchant_id, shopper) DO UPDATE SET
                purchases = excluded.purchases, challenges_passed = excluded.challenges_passed, challenges_failed = excluded.challenges_failed,
                marked_fraud = excluded.marked_fraud, drop_bot_flag = excluded.drop_bot_flag, shadow_hits = excluded.shadow_hits, updated_at = excluded.updated_at
            """;
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        await using var connection = await connections.OpenAsync(cancellationToken);
        await using var write = await connections.Dialect.BeginWriteAsync(connection, cancellationToken);
        var rows = evidence.Select(e => new LabelRow
        {
            MerchantId = merchantId,
            Shopper = e.Shopper,
            Purchases = e.Evidence.Purchases,
            ChallengesPassed = e.Evidence.ChallengesPassed,
            ChallengesFailed = e.Evidence.ChallengesFailed,
            MarkedFraud = e.Evidence.MarkedFraud,
            DropBotFlag = e.Evidence.DropBotFlag,
            ShadowHits = e.Evidence.ShadowHits,
            UpdatedAt = now,
        });
        var written = await connection.ExecuteAsync(new CommandDefinition(sql, rows, write.Transaction, cancellationToken: cancellationToken));
        await write.CommitAsync(cancellationToken);
        return written;
    }

    public async Task<IReadOnlyList<ShopperLabel>> ReadAsync(Guid merchantId, CancellationToken cancellationToken)
    {
        const string sql = """
            SELECT merchant_id AS MerchantId, shopper AS Shopper, purchases AS Purchases, challenges_passed AS ChallengesPassed,
                   challenges_failed AS ChallengesFailed, marked_fraud AS MarkedFraud, drop_bot_flag AS DropBotFlag, shadow_hits AS ShadowHits,
                   updated_at AS UpdatedAt
            FROM gate_labels WHERE merchant_id = @merchantId
            """;
        await using var connection = await connections.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<LabelRow>(new CommandDefinition(sql, new { merchantId }, cancellationToken: cancellationToken));
        return [.. rows.Select(r => ShopperLabel.From(r.Shopper, r.ToEvidence()))];
    }
}
