namespace Fairdrop.SmsPrograms.Inbound;

/// <summary>A text as the program reads it: its first word (upper case) and its second, the referral code when there is one.</summary>
internal readonly record struct InboundWords(string First, string? Second)
{
    private static readonly string[] Confirmations = ["Y", "YES"];

    public bool IsConfirmation => Second is null && Confirmations.Contains(First, StringComparer.Ordinal);

    public static InboundWords Parse(string body)
    {
        var words = body.Trim().TrimEnd('.', '!').Split((char[]?)null, 3, StringSplitOptions.RemoveEmptyEntries);
        return words.Length switch
        {
            0 => new InboundWords(string.Empty, null),
            1 => new InboundWords(words[0].ToUpperInvariant(), null),
            _ => new InboundWords(words[0].ToUpperInvariant(), words[1].ToUpperInvariant()),
        };
    }
}
