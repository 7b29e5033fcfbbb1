using Fairdrop.Core.Tenancy;

namespace Fairdrop.Restock.Analytics;

/// <summary>A funnel row with the merchant it belongs to, for reports across merchants.</summary>
public sealed record MerchantFunnelRow(Merchant Merchant, FunnelRow Row);
