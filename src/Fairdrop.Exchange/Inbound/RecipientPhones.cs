using Dapper;
using Fairdrop.Core.Storage;

namespace Fairdrop.Exchange.Inbound;

/// <summary>Finds a merchant's recipient by E.164 phone.</summary>
internal sealed class RecipientPhones(DbConnectionFactory connections)
{
    /// <summary>The recipient with this phone, by index (migration 0005 copied older rows' phone out of their contacts).</summary>
    public async Task<Guid?> FindAsync(Guid merchantId, string e164, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        return await connection.QueryFirstOrDefaultAsync<Guid?>(new CommandDefinition(
            """
            SELECT id FROM exchange_recipients
            WHERE merchant_id = @merchantId AND phone = @e164
            ORDER BY id LIMIT 1
            """,
            new { merchantId, e164 },
            cancellationToken: cancellationToken));
    }
}
