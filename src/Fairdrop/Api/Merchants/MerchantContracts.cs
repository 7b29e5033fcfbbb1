using Fairdrop.Core.Shoppers;
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

/// <summary>Body of <c>POST /api/v1/merchant/shopper-secret/rotate</c>: how long the previous secret keeps verifying (default 3600 s).</summary>
internal sealed record RotateShopperSecretRequest(int? GraceSeconds);

/// <summary>The shopper-signing secret's metadata; the secret itself is never returned again.</summary>
internal sealed record ShopperSecretResponse(string Prefix, DateTimeOffset CreatedAt, DateTimeOffset? PreviousValidUntil)
{
    public static ShopperSecretResponse From(ShopperSecretInfo info) => new(info.Prefix, info.CreatedAt, info.PreviousValidUntil);
}

/// <summary>A new shopper-signing secret: <see cref="Secret"/> is shown here once; the backend signs shopper tokens with it.</summary>
internal sealed record IssuedShopperSecretResponse(string Secret, string Prefix, DateTimeOffset CreatedAt, DateTimeOffset? PreviousValidUntil)
{
    public static IssuedShopperSecretResponse From(IssuedShopperSecret issued) =>
        new(issued.Secret, issued.Info.Prefix, issued.Info.CreatedAt, issued.Info.PreviousValidUntil);
}
