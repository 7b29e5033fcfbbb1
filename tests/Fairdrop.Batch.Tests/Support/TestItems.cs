using Dapper;
using Fairdrop.Core.Storage;

namespace Fairdrop.Batch.Tests.Support;

/// <summary>Reads back what the test jobs wrote into <c>batch_test_items</c>.</summary>
internal static class TestItems
{
    public static async Task<long> CountAsync(DbConnectionFactory connections, string? where = null)
    {
        await using var connection = await connections.OpenAsync(CancellationToken.None);
        return await connection.ExecuteScalarAsync<long>($"SELECT COUNT(*) FROM batch_test_items {where}");
    }

    public static async Task<(long Count, long Distinct, long Min, long Max)> SummaryAsync(DbConnectionFactory connections)
    {
        await using var connection = await connections.OpenAsync(CancellationToken.None);
        return await connection.QuerySingleAsync<(long, long, long, long)>(
            "SELECT COUNT(*), COUNT(DISTINCT item_id), COALESCE(MIN(item_id), -1), COALESCE(MAX(item_id), -1) FROM batch_test_items");
    }
}
