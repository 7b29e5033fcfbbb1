namespace Fairdrop.Core.Shoppers;

/// <summary>A freshly issued shopper-signing secret: <see cref="Secret"/> is shown to the merchant once.</summary>
public sealed record IssuedShopperSecret(string Secret, ShopperSecretInfo Info);
