using Fairdrop.Core.Errors;
using Fairdrop.Exchange.Inbound;
using Fairdrop.Exchange.Intake;
using Fairdrop.Exchange.Matching;

namespace Fairdrop.SmsPrograms.Programs;

/// <summary>What a valid program is: a name, a keyword of letters and digits that no carrier keyword takes, and a welcome that says what the law and CTIA require.</summary>
internal static class ProgramValidation
{
    public const int DefaultDailyCap = 5;
    private static readonly string[] Reserved = ["Y", "YES"];
    private static readonly string[] Alerts = ["restocks", "drops", "campaigns"];

    public static Result<SmsProgram> Validate(NewSmsProgram draft, Guid id, DateTimeOffset now)
    {
        if (string.IsNullOrWhiteSpace(draft.Name) || draft.Name.Length > 60)
        {
            return Error.Validation("name", "name is required (at most 60 characters).");
        }

        if (string.IsNullOrWhiteSpace(draft.Frequency) || draft.Frequency.Length > 60)
        {
            return Error.Validation("frequency", "frequency is required, such as \"Up to 6 msgs/month\" (at most 60 characters).");
        }

        var words = new List<string>();
        foreach (var (word, field) in new[] { (draft.Keyword, "keyword") }.Concat((draft.Aliases ?? []).Select((a, i) => ((string?)a, $"aliases[{i}]"))))
        {
            if (KeywordError(word, field) is { } error)
            {
                return error;
            }

            words.Add(word!.Trim().ToUpperInvariant());
        }

        var numbers = new List<string>();
        for (var i = 0; i < (draft.Numbers ?? []).Count; i++)
        {
            if (!ExchangeIntake.NormaliseContact(Channel.Sms, draft.Numbers![i], $"numbers[{i}]").TryGetValue(out var number, out var error))
            {
                return error;
            }

            numbers.Add(number);
        }

        var name = draft.Name.Trim();
        var frequency = draft.Frequency.Trim().TrimEnd('.');
        var welcome = draft.WelcomeText ?? ProgramTexts.Welcome(name, frequency);
        if (WelcomeError(welcome, name) is { } refused)
        {
            return refused;
        }

        var alertsOn = draft.AlertsOn ?? Alerts;
        if (alertsOn.FirstOrDefault(a => !Alerts.Contains(a, StringComparer.Ordinal)) is { } unknown)
        {
            return Error.Validation("alertsOn", $"'{unknown}' is not one of {string.Join(", ", Alerts)}.");
        }

        if (draft.ReferralDailyCap is < 0 or > 1000)
        {
            return Error.Validation("referralDailyCap", "referralDailyCap must be between 0 and 1000.");
        }

        return new SmsProgram(
            id, name, words[0], words.Skip(1).ToList(), numbers, frequency,
            draft.ConfirmationText ?? ProgramTexts.Confirmation(name), welcome, draft.HelpText ?? ProgramTexts.Help(name, frequency),
            alertsOn.Distinct().ToList(), draft.ReferralOffer, draft.ReferralDailyCap ?? DefaultDailyCap, draft.RewardWebhookUrl, now);
    }

    private static Error? KeywordError(string? word, string field)
    {
        var value = word?.Trim() ?? string.Empty;
        if (value.Length is 0 or > 20 || !value.All(char.IsAsciiLetterOrDigit))
        {
            return Error.Validation(field, $"{field} must be one word of 1 to 20 letters or digits.");
        }

        return SmsKeywords.Classify(value) is not null || Reserved.Contains(value, StringComparer.OrdinalIgnoreCase)
            ? Error.Validation(field, $"'{value}' is a carrier or confirmation keyword (STOP, START, HELP, Y…) and cannot join a program.")
            : null;
    }

    private static Error? WelcomeError(string welcome, string name)
    {
        string[] required = [name, ProgramTexts.Rates.TrimEnd('.'), "HELP", "STOP"];
        return required.FirstOrDefault(r => !welcome.Contains(r, StringComparison.OrdinalIgnoreCase)) is { } missing
            ? Error.Validation("welcomeText", $"welcomeText must name the program and say \"{ProgramTexts.Rates}\", HELP and STOP; \"{missing}\" is missing.")
            : null;
    }
}
