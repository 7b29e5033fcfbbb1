namespace Fairdrop.Restock.Waitlist;

/// <summary>One shopper waiting for one product on one channel.</summary>
public sealed record Subscription(
    Guid Id, Guid MerchantId, Guid ProductId, string Channel, string Contact, string ConsentText, long Tier, string TimeZone,
    string Status, string UnsubscribeToken, DateTimeOffset CreatedAt, DateTimeOffset ExpiresAt)
{
    public const string Active = "active";
    public const string Unsubscribed = "unsubscribed";

    internal const string Columns =
        "id AS Id, merchant_id AS MerchantId, product_id AS ProductId, channel AS Channel, contact AS Contact, consent_text AS ConsentText, tier AS Tier, time_zone AS TimeZone, status AS Status, unsubscribe_token AS UnsubscribeToken, created_at AS CreatedAt, expires_at AS ExpiresAt";
}
