namespace Fairdrop.SmsPrograms.Programs;

/// <summary>
/// A program as a merchant defines it; texts left out get compliant defaults (docs/sms-programs.md, "Programs").
/// <see cref="AlertsOn"/> names what it alerts on: <c>restocks</c>, <c>drops</c>, <c>campaigns</c>. Rewards are codes from
/// <see cref="RewardCodes"/>, and/or a signed webhook (Standard Webhooks) to <see cref="RewardWebhookUrl"/> per rewarded referral.
/// </summary>
public sealed record NewSmsProgram(
    string? Name,
    string? Keyword,
    string? Frequency,
    IReadOnlyList<string>? Aliases = null,
    IReadOnlyList<string>? Numbers = null,
    string? ConfirmationText = null,
    string? WelcomeText = null,
    string? HelpText = null,
    IReadOnlyList<string>? AlertsOn = null,
    string? ReferralOffer = null,
    int? ReferralDailyCap = null,
    IReadOnlyList<string>? RewardCodes = null,
    string? RewardWebhookUrl = null);
