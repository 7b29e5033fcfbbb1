namespace Fairdrop.Restock.Holds;

/// <summary>
/// A hold to place: <paramref name="Units"/> of the product the merchant calls <paramref name="ProductId"/>, for
/// <paramref name="Duration"/>, for the shopper <paramref name="Holder"/>. <paramref name="HoldKey"/> is the same on every
/// retry of the same request, so a retry returns the first hold instead of holding twice.
/// </summary>
public sealed record HoldRequest(string ProductId, int Units, TimeSpan Duration, string HoldKey, string Holder);
