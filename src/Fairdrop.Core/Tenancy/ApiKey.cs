namespace Fairdrop.Core.Tenancy;

/// <summary>What is stored about a merchant's API key: never the key itself.</summary>
public sealed record ApiKey(Guid Id, Guid MerchantId, string Prefix, DateTimeOffset CreatedAt, DateTimeOffset? ExpiresAt, DateTimeOffset? RevokedAt)
{
    public bool IsActiveAt(DateTimeOffset now) => RevokedAt is null && (ExpiresAt is null || ExpiresAt > now);
}
