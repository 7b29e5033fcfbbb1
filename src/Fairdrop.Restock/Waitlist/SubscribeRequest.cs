namespace Fairdrop.Restock.Waitlist;

/// <summary>A shopper asking to be told: product (merchant's id), channel (email, sms, in_app), contact, the consent text they saw.</summary>
public sealed record SubscribeRequest(
    string? ProductId, string? Channel, string? Contact, string? ConsentText, string? TimeZone = null,
    TimeOnly? QuietStart = null, TimeOnly? QuietEnd = null, long Tier = 0);
