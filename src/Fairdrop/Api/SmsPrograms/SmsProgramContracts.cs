namespace Fairdrop.Api.SmsPrograms;

/// <summary>
/// A web-form opt-in as the merchant's site hands it over: the number, the consent wording shown, the page, and the
/// shopper's address and user agent (the request's own when left out), plus a forwarded referral code.
/// </summary>
internal sealed record OptInRequest(string? Phone, string? ConsentText, string? PageUrl, string? ReferralCode, string? Ip, string? UserAgent);

/// <summary>Discount codes for the program's referral-reward pool.</summary>
internal sealed record RewardCodesRequest(IReadOnlyList<string>? Codes);

/// <summary>How many reward codes were new.</summary>
internal sealed record RewardCodesResponse(int Added);

/// <summary>
/// A storefront's opt-in, straight from the shopper's browser: the publishable key (here or in
/// <c>X-Fairdrop-Publishable-Key</c>), the number, the consent wording shown, the page, a forwarded referral code.
/// No address or user agent: those are read from the request.
/// </summary>
internal sealed record PublicOptInRequest(string? PublishableKey, string? Phone, string? ConsentText, string? PageUrl, string? ReferralCode);
