namespace Fairdrop.Exchange.Series;

/// <summary>
/// Which of a step's expected replies a text is: a button's label (the whole text, any case), else a keyword (the
/// whole text or its first word, any case, trailing punctuation ignored). Null for anything else.
/// </summary>
internal static class ReplyMatcher
{
    public static ExpectedReply? Match(SeriesStep step, string text)
    {
        var trimmed = text.Trim().TrimEnd('.', '!', '?').Trim();
        if (trimmed.Length == 0)
        {
            return null;
        }

        var replies = step.Replies ?? [];
        foreach (var reply in replies)
        {
            if (reply.Button is { } button && string.Equals(button.Trim(), trimmed, StringComparison.OrdinalIgnoreCase))
            {
                return reply;
            }
        }

        var end = 0;
        while (end < trimmed.Length && char.IsLetterOrDigit(trimmed[end]))
        {
            end++;
        }

        var firstWord = trimmed[..end];
        foreach (var reply in replies)
        {
            if ((reply.Keywords ?? []).Any(k => string.Equals(k, trimmed, StringComparison.OrdinalIgnoreCase) || string.Equals(k, firstWord, StringComparison.OrdinalIgnoreCase)))
            {
                return reply;
            }
        }

        return null;
    }
}
