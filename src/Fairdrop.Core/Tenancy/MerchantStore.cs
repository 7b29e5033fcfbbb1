using Dapper;
using Fairdrop.Core.Ids;
using Fairdrop.Core.Storage;

namespace Fairdrop.Core.Tenancy;

/// <summary>Merchants and their API keys. Every key query is scoped by merchant, so one merchant never reaches another's keys.</summary>
public sealed class MerchantStore(DbConnectionFactory connections, IdGenerator ids, TimeProvider time)
{
    private const string MerchantColumns = "id AS Id, name AS Name, created_at AS CreatedAt";

    private const string KeyColumns =
        "id AS Id, merchant_id AS MerchantId, prefix AS Prefix, created_at AS CreatedAt, expires_at AS ExpiresAt, revoked_at AS RevokedAt";

    /// <summary>Creates a merchant together with its first key, in one transaction.</summary>
    public async Task<(Merchant Merchant, IssuedApiKey Key)> CreateAsync(string name, CancellationToken cancellationToken)
    {
        var merchant = new Merchant(ids.NewId(), name, time.GetUtcNow());
        await using var connection = await connections.OpenAsync(cancellationToken);
        await using var write = await connections.Dialect.BeginWriteAsync(connection, cancellationToken);
        var transaction = write.Transaction;
        await connection.ExecuteAsync(new CommandDefinition(
            "INSERT INTO merchants (id, name, created_at) VALUES (@Id, @Name, @CreatedAt)",
            merchant,
            transaction,
            cancellationToken: cancellationToken));
        var key = await InsertKeyAsync(connection, transaction, merchant.Id, cancellationToken);
        await write.CommitAsync(cancellationToken);
        return (merchant, key);
    }

    public async Task<Merchant?> GetAsync(Guid merchantId, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<Merchant>(new CommandDefinition(
            $"SELECT {MerchantColumns} FROM merchants WHERE id = @merchantId",
            new { merchantId },
            cancellationToken: cancellationToken));
    }

    /// <summary>A page of merchants in creation order, after <paramref name="after"/> (keyset pagination).</summary>
    public async Task<IReadOnlyList<Merchant>> ListAsync(Guid? after, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        // No "@after IS NULL OR ..." trick: PostgreSQL cannot type a null parameter, and the planner prefers a plain range.
        var where = after is null ? string.Empty : "WHERE id > @after";
        var rows = await connection.QueryAsync<Merchant>(new CommandDefinition(
            $"SELECT {MerchantColumns} FROM merchants {where} ORDER BY id LIMIT @limit",
            new { after, limit },
            cancellationToken: cancellationToken));
        return rows.AsList();
    }

    public async Task<IReadOnlyList<ApiKey>> ListKeysAsync(Guid merchantId, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<ApiKey>(new CommandDefinition(
            $"SELECT {KeyColumns} FROM api_keys WHERE merchant_id = @merchantId ORDER BY created_at, id",
            new { merchantId },
            cancellationToken: cancellationToken));
        return rows.AsList();
    }

    /// <summary>
    /// Issues a new key and retires every other active key of the merchant: at once, or after
    /// <paramref name="grace"/> so clients can switch over without downtime.
    /// </summary>
    public async Task<IssuedApiKey> RotateAsync(Guid merchantId, TimeSpan grace, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        await using var connection = await connections.OpenAsync(cancellationToken);
        await using var write = await connections.Dialect.BeginWriteAsync(connection, cancellationToken);
        var transaction = write.Transaction;
        if (grace <= TimeSpan.Zero)
        {
            await connection.ExecuteAsync(new CommandDefinition(
                "UPDATE api_keys SET revoked_at = @now WHERE merchant_id = @merchantId AND revoked_at IS NULL",
                new { merchantId, now },
                transaction,
                cancellationToken: cancellationToken));
        }
        else
        {
            // Never extends a key that already expires sooner than the grace period.
            await connection.ExecuteAsync(new CommandDefinition(
                """
                UPDATE api_keys SET expires_at = @until
                WHERE merchant_id = @merchantId AND revoked_at IS NULL AND (expires_at IS NULL OR expires_at > @until)
                """,
                new { merchantId, until = now + grace },
                transaction,
                cancellationToken: cancellationToken));
        }

        var key = await InsertKeyAsync(connection, transaction, merchantId, cancellationToken);
        await write.CommitAsync(cancellationToken);
        return key;
    }

    /// <summary>Revokes one of the merchant's keys; false when the merchant has no such key.</summary>
    public async Task<bool> RevokeKeyAsync(Guid merchantId, Guid keyId, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        var changed = await connection.ExecuteAsync(new CommandDefinition(
            """
            UPDATE api_keys SET revoked_at = COALESCE(revoked_at, @now)
            WHERE merchant_id = @merchantId AND id = @keyId
            """,
            new { merchantId, keyId, now = time.GetUtcNow() },
            cancellationToken: cancellationToken));
        return changed == 1;
    }

    /// <summary>The owner of an active key, or null for an unknown, revoked or expired one.</summary>
    public async Task<KeyIdentity?> AuthenticateAsync(string secret, CancellationToken cancellationToken)
    {
        if (!ApiKeySecrets.LooksValid(secret))
        {
            return null;
        }

        await using var connection = await connections.OpenAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<KeyIdentity>(new CommandDefinition(
            """
            SELECT k.id AS KeyId, k.merchant_id AS MerchantId, m.name AS MerchantName
            FROM api_keys k JOIN merchants m ON m.id = k.merchant_id
            WHERE k.hash = @hash AND k.revoked_at IS NULL AND (k.expires_at IS NULL OR k.expires_at > @now)
            """,
            new { hash = ApiKeySecrets.Hash(secret), now = time.GetUtcNow() },
            cancellationToken: cancellationToken));
    }

    private async Task<IssuedApiKey> InsertKeyAsync(System.Data.Common.DbConnection connection, System.Data.Common.DbTransaction transaction, Guid merchantId, CancellationToken cancellationToken)
    {
        var secret = ApiKeySecrets.Create();
        var key = new ApiKey(ids.NewId(), merchantId, ApiKeySecrets.PrefixOf(secret), time.GetUtcNow(), null, null);
        await connection.ExecuteAsync(new CommandDefinition(
            "INSERT INTO api_keys (id, merchant_id, hash, prefix, created_at) VALUES (@Id, @MerchantId, @Hash, @Prefix, @CreatedAt)",
            new { key.Id, key.MerchantId, Hash = ApiKeySecrets.Hash(secret), key.Prefix, key.CreatedAt },
            transaction,
            cancellationToken: cancellationToken));
        return new IssuedApiKey(key, secret);
    }
}
