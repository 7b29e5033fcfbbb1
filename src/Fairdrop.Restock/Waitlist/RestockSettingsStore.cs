using System.Security.Cryptography;
using Dapper;
using Fairdrop.Core.Errors;
using Fairdrop.Core.Storage;

namespace Fairdrop.Restock.Waitlist;

/// <summary>Per-merchant restock settings: the storefront's publishable key, its allowed browser origins and the Shopify webhook secret.</summary>
public sealed class RestockSettingsStore(DbConnectionFactory connections, TimeProvider time)
{
    /// <summary>The merchant's publishable key, created on first ask; storefronts put it in pages, so it only subscribes.</summary>
    public async Task<string> EnsureKeyAsync(Guid merchantId, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            "INSERT INTO restock_settings (merchant_id, publishable_key, created_at) VALUES (@merchantId, @key, @now) ON CONFLICT (merchant_id) DO NOTHING",
            new { merchantId, key = "pk_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16)), now = time.GetUtcNow() },
            cancellationToken: cancellationToken));
        return await connection.QuerySingleAsync<string>(new CommandDefinition(
            "SELECT publishable_key FROM restock_settings WHERE merchant_id = @merchantId", new { merchantId }, cancellationToken: cancellationToken));
    }

    /// <summary>Sets the secret Shopify signs this merchant's webhooks with; true once stored.</summary>
    public async Task<Result<bool>> SetShopifySecretAsync(Guid merchantId, string? secret, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(secret))
        {
            return Error.Validation("secret", "secret is required.");
        }

        await EnsureKeyAsync(merchantId, cancellationToken);
        await using var connection = await connections.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE restock_settings SET shopify_secret = @secret WHERE merchant_id = @merchantId", new { merchantId, secret }, cancellationToken: cancellationToken));
        return true;
    }

    internal async Task<string?> ShopifySecretAsync(Guid merchantId, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<string?>(new CommandDefinition(
            "SELECT shopify_secret FROM restock_settings WHERE merchant_id = @merchantId", new { merchantId }, cancellationToken: cancellationToken));
    }

    internal async Task<Guid?> MerchantOfKeyAsync(string? key, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(key) || key.Length > 100)
        {
            return null;
        }

        await using var connection = await connections.OpenAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<Guid?>(new CommandDefinition(
            "SELECT merchant_id FROM restock_settings WHERE publishable_key = @key", new { key }, cancellationToken: cancellationToken));
    }

    /// <summary>Replaces the storefront origins allowed to subscribe from a browser; the list as stored (normalized), or an error naming the first bad entry.</summary>
    public async Task<Result<IReadOnlyList<string>>> SetAllowedOriginsAsync(Guid merchantId, IReadOnlyList<string>? requested, CancellationToken cancellationToken)
    {
        if (!StorefrontOrigins.Parse(requested).TryGetValue(out var origins, out var error))
        {
            return error;
        }

        await EnsureKeyAsync(merchantId, cancellationToken);
        await using var connection = await connections.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE restock_settings SET allowed_origins = @origins WHERE merchant_id = @merchantId",
            new { merchantId, origins = origins.Count == 0 ? null : string.Join('\n', origins) },
            cancellationToken: cancellationToken));
        return Result<IReadOnlyList<string>>.Success(origins);
    }

    internal async Task<IReadOnlyList<string>> AllowedOriginsAsync(Guid merchantId, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        var stored = await connection.QuerySingleOrDefaultAsync<string?>(new CommandDefinition(
            "SELECT allowed_origins FROM restock_settings WHERE merchant_id = @merchantId", new { merchantId }, cancellationToken: cancellationToken));
        return stored?.Split('\n', StringSplitOptions.RemoveEmptyEntries) ?? [];
    }
}
