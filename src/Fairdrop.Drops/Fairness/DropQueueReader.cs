using Dapper;
using Fairdrop.Core.Shoppers;
using Fairdrop.Core.Storage;

namespace Fairdrop.Drops.Fairness;

/// <summary>
/// <see cref="IDropQueues"/> for the gate's recommender: the merchant's most recently placed drop (<c>placed_at</c>) and
/// its placed entries in place order, through <c>ix_drop_entries_place</c>. Entries not placed yet are not in it.
/// </summary>
internal sealed class DropQueueReader(DbConnectionFactory connections) : IDropQueues
{
    public async Task<DropQueue?> LatestPlacedAsync(Guid merchantId, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        var drop = await connection.QueryFirstOrDefaultAsync<(Guid Id, string Name, long Units, long MaxPerCustomer)?>(new CommandDefinition(
            "SELECT id, name, units, max_per_customer FROM drops WHERE merchant_id = @merchantId AND placed_at IS NOT NULL ORDER BY placed_at DESC, id LIMIT 1",
            new { merchantId },
            cancellationToken: cancellationToken));
        if (drop is not { } found)
        {
            return null;
        }

        var shoppers = await connection.QueryAsync<string>(new CommandDefinition(
            "SELECT shopper_id FROM drop_entries WHERE drop_id = @Id AND place IS NOT NULL ORDER BY place",
            new { found.Id },
            cancellationToken: cancellationToken));
        return new DropQueue(found.Id, found.Name, Math.Max(1, found.Units / Math.Max(1, found.MaxPerCustomer)), shoppers.AsList());
    }
}
