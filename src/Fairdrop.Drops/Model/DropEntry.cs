namespace Fairdrop.Drops.Model;

/// <summary>
/// One shopper's purchase intent in a drop, with its place and turn once placed. <see cref="Verified"/>: the shopper was
/// proved (a shopper token, or the merchant's own key); unverified entries are also <see cref="Bot"/>, so they place as suspected bots.
/// </summary>
public sealed record DropEntry(
    Guid Id,
    Guid DropId,
    string ShopperId,
    long ArrivalSeq,
    DateTimeOffset ArrivedAt,
    bool Priority,
    bool Bot,
    long? Place,
    DateTimeOffset? ReadyAt,
    string Status,
    Guid? TokenId,
    DateTimeOffset? TokenExpiresAt,
    bool Verified,
    string? Source = null,
    string? PriorityEvidence = null,
    string? BotEvidence = null)
{
    public const string FromStorefront = "storefront";
    public const string FromMerchant = "merchant";

    public const string Waiting = "waiting";
    public const string Admitted = "admitted";
    public const string Purchased = "purchased";
    public const string Missed = "missed";
    public const string Held = "held";
}
