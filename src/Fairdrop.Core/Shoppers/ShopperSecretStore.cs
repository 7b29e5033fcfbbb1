using System.Buffers.Text;
using System.Security.Cryptography;
using Dapper;
using Fairdrop.Core.Storage;

namespace Fairdrop.Core.Shoppers;

/// <summary>
/// Merchants' shopper-signing secrets: one current and, during a rotation's grace period, the previous one.
/// Every query is scoped by merchant.
/// </summary>
public sealed class ShopperSecretStore(DbConnectionFactory connections, TimeProvider time)
{
    public const string Scheme = "fdss_";

    /// <summary>
    /// How long <see cref="VerifyingSecretsAsync"/> trusts the secrets it last read for a merchant: every storefront
    /// entry and SDK call verifies a token, and a read per call was a fifth of a drop entry's time. A rotation on this
    /// node is seen at once; on another node within this long (so a secret retired at once may verify that much longer there).
    /// </summary>
    public static readonly TimeSpan VerifyingCacheTime = TimeSpan.FromSeconds(1);

    private readonly System.Collections.Concurrent.ConcurrentDictionary<Guid, (ShopperSecretRow? Row, DateTimeOffset ReadAt)> _verifying = new();

    /// <summary>Characters of the secret shown again later, so a merchant can tell which one its backend has.</summary>
    public const int PrefixLength = 12;

    private const string Columns =
        "current_secret AS CurrentSecret, created_at AS CreatedAt, previous_secret AS PreviousSecret, previous_expires_at AS PreviousExpiresAt";

    /// <summary>
    /// Issues a new secret. The old one keeps verifying for <paramref name="grace"/> (zero: retired at once, for a leaked secret).
    /// </summary>
    public async Task<IssuedShopperSecret> RotateAsync(Guid merchantId, TimeSpan grace, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var secret = Scheme + Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));
        var keep = grace > TimeSpan.Zero;
        await using var connection = await connections.OpenAsync(cancellationToken);
        await using var write = await connections.Dialect.BeginWriteAsync(connection, cancellationToken);
        // One upsert reads the row it replaces, so two racing rotations cannot both demote the same secret.
        var row = await connection.QuerySingleAsync<ShopperSecretRow>(new CommandDefinition(
            $"""
            INSERT INTO shopper_secrets (merchant_id, current_secret, created_at) VALUES (@merchantId, @secret, @now)
            ON CONFLICT (merchant_id) DO UPDATE SET
                previous_secret = CASE WHEN @keep THEN shopper_secrets.current_secret ELSE NULL END,
                previous_expires_at = CASE WHEN @keep THEN @until ELSE NULL END,
                current_secret = excluded.current_secret,
                created_at = excluded.created_at
            RETURNING {Columns}
            """,
            new { merchantId, secret, now, keep, until = now + grace },
            write.Transaction,
            cancellationToken: cancellationToken));
        await write.CommitAsync(cancellationToken);
        _verifying.TryRemove(merchantId, out _);
        return new IssuedShopperSecret(secret, Info(row));
    }

    public async Task<ShopperSecretInfo?> GetInfoAsync(Guid merchantId, CancellationToken cancellationToken) =>
        await ReadAsync(merchantId, cancellationToken) is { } row ? Info(row) : null;

    /// <summary>The secrets a token may be signed with now: the current one and a previous one still in its grace period.</summary>
    public async Task<IReadOnlyList<string>> VerifyingSecretsAsync(Guid merchantId, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        if (!_verifying.TryGetValue(merchantId, out var cached) || now - cached.ReadAt >= VerifyingCacheTime || now < cached.ReadAt)
        {
            cached = (await ReadAsync(merchantId, cancellationToken), now);
            _verifying[merchantId] = cached;
        }

        if (cached.Row is not { } row)
        {
            return [];
        }

        return row.PreviousSecret is { } previous && row.PreviousExpiresAt > time.GetUtcNow() ? [row.CurrentSecret, previous] : [row.CurrentSecret];
    }

    private ShopperSecretInfo Info(ShopperSecretRow row) =>
        new(row.CurrentSecret[..PrefixLength], row.CreatedAt, row.PreviousSecret is not null && row.PreviousExpiresAt > time.GetUtcNow() ? row.PreviousExpiresAt : null);

    private async Task<ShopperSecretRow?> ReadAsync(Guid merchantId, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<ShopperSecretRow>(new CommandDefinition(
            $"SELECT {Columns} FROM shopper_secrets WHERE merchant_id = @merchantId",
            new { merchantId },
            cancellationToken: cancellationToken));
    }
}
