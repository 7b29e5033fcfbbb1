namespace Fairdrop.Core.Tenancy;

/// <summary>A freshly issued key: <see cref="Secret"/> is shown to the merchant once and then exists only as a hash.</summary>
public sealed record IssuedApiKey(ApiKey Key, string Secret);
