namespace Fairdrop.SmsPrograms.Subscribers;

/// <summary>
/// A web-form opt-in: the number, the consent text the page showed, the page's URL, and a referral code if the
/// friend came through a forwarded link; the address and user agent are the request's.
/// </summary>
public sealed record WebOptIn(string? Phone, string? ConsentText, string? PageUrl, string? ReferralCode, string? Ip, string? UserAgent);
