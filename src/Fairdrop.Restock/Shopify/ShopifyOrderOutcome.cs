namespace Fairdrop.Restock.Shopify;

/// <summary>What an orders/create webhook recorded: purchases new to the funnel, and line items left alone.</summary>
public sealed record ShopifyOrderOutcome(int Recorded, int Skipped);
