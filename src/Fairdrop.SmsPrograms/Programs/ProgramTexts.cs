namespace Fairdrop.SmsPrograms.Programs;

/// <summary>
/// The default texts of a program, as CTIA's messaging principles ask: the confirmation request names the program
/// and asks for Y; the welcome (the first message after consent) carries the program name, the frequency,
/// "Msg &amp; data rates may apply" and the HELP and STOP instructions.
/// </summary>
internal static class ProgramTexts
{
    public const string Rates = "Msg & data rates may apply.";

    public static string Confirmation(string name) =>
        $"{name}: reply Y to confirm you want recurring automated marketing texts. Consent is not a condition of purchase. {Rates}";

    public static string Welcome(string name, string frequency) =>
        $"Welcome to {name}! {frequency}. {Rates} Reply HELP for help, STOP to cancel.";

    public static string Help(string name, string frequency) => $"{name}: {frequency}. {Rates} Reply STOP to cancel.";

    public const string ReferralOffer = "Forward this: text {keyword} {code} to {number} for early access.";

    /// <summary>A program with no number of its own has none to text the keyword to: its friends join on the hosted page.</summary>
    public const string LinkOffer = "Forward this: join at {link} for early access.";

    /// <summary>The wording the hosted sign-up page shows beside its checkbox (CTIA: program, frequency, rates, HELP and STOP).</summary>
    public static string FormConsent(string name, string frequency) =>
        $"I agree to receive recurring automated marketing text messages from {name} at the number above. {frequency}. " +
        $"Consent is not a condition of purchase. {Rates} Reply HELP for help, STOP to cancel.";

    public static string Stopped(string name) => $"{name}: you are unsubscribed and will get no more messages. Reply START to rejoin.";

    public static string Reward(string name, string code) => $"{name}: a friend joined with your code. Your reward: {code}";

    /// <summary>
    /// The referral offer with its placeholders filled: <c>{keyword}</c>, <c>{code}</c>, <c>{number}</c> and
    /// <c>{link}</c> (the hosted sign-up page with the code, <paramref name="link"/>).
    /// </summary>
    public static string Offer(SmsProgram program, string code, string link) =>
        (program.ReferralOffer ?? (program.Numbers.Count > 0 ? ReferralOffer : LinkOffer))
            .Replace("{keyword}", program.Keyword, StringComparison.Ordinal)
            .Replace("{code}", code, StringComparison.Ordinal)
            .Replace("{number}", program.Numbers.Count > 0 ? program.Numbers[0] : "us", StringComparison.Ordinal)
            .Replace("{link}", link, StringComparison.Ordinal);
}
