namespace Fairdrop.Core.Shoppers;

/// <summary>What a merchant may see of its shopper-signing secret after issue: never the secret again.</summary>
public sealed record ShopperSecretInfo(string Prefix, DateTimeOffset CreatedAt, DateTimeOffset? PreviousValidUntil);
