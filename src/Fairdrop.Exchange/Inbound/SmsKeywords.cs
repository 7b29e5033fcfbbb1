namespace Fairdrop.Exchange.Inbound;

/// <summary>The carrier compliance keywords (as Twilio's default opt-out handling knows them), matched as the whole message, any case.</summary>
public static class SmsKeywords
{
    public const string Stop = "stop";
    public const string Start = "start";
    public const string Help = "help";

    private static readonly string[] StopWords = ["STOP", "STOPALL", "UNSUBSCRIBE", "CANCEL", "END", "QUIT"];
    private static readonly string[] StartWords = ["START", "UNSTOP"];
    private static readonly string[] HelpWords = ["HELP", "INFO"];

    public static string? Classify(string body)
    {
        var word = body.Trim().TrimEnd('.', '!').Trim();
        if (StopWords.Contains(word, StringComparer.OrdinalIgnoreCase))
        {
            return Stop;
        }

        if (StartWords.Contains(word, StringComparer.OrdinalIgnoreCase))
        {
            return Start;
        }

        return HelpWords.Contains(word, StringComparer.OrdinalIgnoreCase) ? Help : null;
    }
}
