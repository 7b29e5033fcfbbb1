namespace Fairdrop.Mailboxes;

/// <summary>A search snippet cut from the body of a message the caller may see (never from the index, which holds every message).</summary>
internal static class Snippets
{
    private const int Around = 60;

    public static string Of(string body, string query)
    {
        var position = query.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)
            .Select(word => body.IndexOf(word.Trim('"'), StringComparison.OrdinalIgnoreCase))
            .Where(i => i >= 0)
            .DefaultIfEmpty(0)
            .Min();
        var start = Math.Max(0, position - Around);
        var end = Math.Min(body.Length, position + Around);
        return (start > 0 ? "…" : string.Empty) + body[start..end] + (end < body.Length ? "…" : string.Empty);
    }
}
