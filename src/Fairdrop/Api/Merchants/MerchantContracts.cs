using Fairdrop.Core.Tenancy;

namespace Fairdrop.Api.Merchants;

/// <summary>Body of <c>POST /api/v1/merchants</c>.</summary>
internal sealed record CreateMerchantRequest(string? Name);

/// <summary>Body of <c>POST /api/v1/merchant/keys/rotate</c>: how long the old keys keep working (default 0: revoked at once).</summary>
internal sealed record RotateKeyRequest(int? GraceSeconds);

/// <summary>A merchant as the API shows it.</summary>
internal sealed record MerchantResponse(Guid Id, string Name, DateTimeOffset CreatedAt)
{
    public static MerchantResponse From(Merchant merchant) => new(merchant.Id, merchant.Name, merchant.CreatedAt);
}

/// <summary>A key's metadata; the secret is never returned again.</summary>
internal sealed record ApiKeyResponse(Guid Id, string Prefix, DateTimeOffset CreatedAt, DateTimeOffset? ExpiresAt, DateTimeOffset? RevokedAt, bool Active)
{
    public static ApiKeyResponse From(ApiKey key, DateTimeOffset now) =>
        new(key.Id, key.Prefix, key.CreatedAt, key.ExpiresAt, key.RevokedAt, key.IsActiveAt(now));
}

/// <summary>A new key: <see cref="Key"/> is shown here once and cannot be recovered.</summary>
internal sealed record IssuedKeyResponse(Guid Id, string Key, string Prefix, DateTimeOffset CreatedAt)
{
    public static IssuedKeyResponse From(IssuedApiKey issued) => new(issued.Key.Id, issued.Secret, issued.Key.Prefix, issued.Key.CreatedAt);
}

/// <summary>Response of <c>POST /api/v1/merchants</c>.</summary>
internal sealed record CreatedMerchantResponse(MerchantResponse Merchant, IssuedKeyResponse ApiKey);
