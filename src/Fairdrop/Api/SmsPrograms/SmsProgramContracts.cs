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
