namespace Fairdrop.SmsPrograms.Programs;

/// <summary>
/// A merchant's SMS program: its name, the numbers it texts from, the keyword (and aliases) that join it, how often
/// it texts, the confirmation request, welcome and help texts, what it alerts on, the forwardable referral offer and
/// where rewarded referrals are posted, if anywhere.
/// </summary>
public sealed record SmsProgram(
    Guid Id,
    string Name,
    string Keyword,
    IReadOnlyList<string> Aliases,
    IReadOnlyList<string> Numbers,
    string Frequency,
    string ConfirmationText,
    string WelcomeText,
    string HelpText,
    IReadOnlyList<string> AlertsOn,
    string? ReferralOffer,
    int ReferralDailyCap,
    string? RewardWebhookUrl,
    DateTimeOffset CreatedAt)
{
    /// <summary>True when <paramref name="word"/> (any case) is the program's keyword or one of its aliases.</summary>
    public bool Answers(string word) =>
        string.Equals(Keyword, word, StringComparison.OrdinalIgnoreCase) || Aliases.Contains(word, StringComparer.OrdinalIgnoreCase);
}
