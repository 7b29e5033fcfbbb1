namespace Fairdrop.Restock.Rounds;

/// <summary>
/// An alert's exactly-once key, <c>restock:{round}:{subscription}</c>: the source key of its exchange delivery, which
/// the exchange keeps unique per merchant. The delivery is the alert's only row (docs/adr/0016, "Amended: one row per alert").
/// </summary>
internal static class AlertKey
{
    /// <summary>The prefix every alert key starts with, of any round.</summary>
    public const string Prefix = "restock:";

    public static string Of(Guid roundId, Guid subscriptionId) => $"{Prefix}{roundId}:{subscriptionId}";

    /// <summary>The prefix every alert key of the round starts with.</summary>
    public static string RoundPrefix(Guid roundId) => $"restock:{roundId}:";

    /// <summary>The subscription an alert key names.</summary>
    public static Guid SubscriptionOf(string key) => Guid.Parse(key.AsSpan(key.LastIndexOf(':') + 1));
}
