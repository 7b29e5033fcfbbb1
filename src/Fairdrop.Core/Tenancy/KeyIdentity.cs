namespace Fairdrop.Core.Tenancy;

/// <summary>Who a valid API key belongs to.</summary>
public sealed record KeyIdentity(Guid KeyId, Guid MerchantId, string MerchantName);
