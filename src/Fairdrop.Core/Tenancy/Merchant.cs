namespace Fairdrop.Core.Tenancy;

/// <summary>A tenant: a shop and everything it owns. No merchant ever sees another's data.</summary>
public sealed record Merchant(Guid Id, string Name, DateTimeOffset CreatedAt);
