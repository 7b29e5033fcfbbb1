namespace Fairdrop.SmsPrograms.Storefront;

/// <summary>The hosted page's form as posted: the number, whether the consent box was ticked, and the referral code from <c>?ref=</c>.</summary>
public sealed record HostedOptIn(string? Phone, bool Consented, string? ReferralCode);
