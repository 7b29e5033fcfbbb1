namespace Fairdrop.Core.Shoppers;

/// <summary>One merchant's row of <c>shopper_secrets</c>.</summary>
internal sealed record ShopperSecretRow(string CurrentSecret, DateTimeOffset CreatedAt, string? PreviousSecret, DateTimeOffset? PreviousExpiresAt);
