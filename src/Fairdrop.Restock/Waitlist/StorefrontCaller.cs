namespace Fairdrop.Restock.Waitlist;

/// <summary>Who a storefront call comes from: the publishable key it carries, the browser's <c>Origin</c> (none from a server) and the client's address.</summary>
public sealed record StorefrontCaller(string? PublishableKey, string? Origin, string? ClientAddress);
