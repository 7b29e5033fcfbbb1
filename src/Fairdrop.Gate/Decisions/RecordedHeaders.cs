using Microsoft.AspNetCore.Http;

namespace Fairdrop.Gate.Decisions;

/// <summary>
/// The request headers whose presence the decision log keeps (not their values): those every person's browser sends
/// and many scripts do not, so a recommended rule can test one's absence and a replay can answer it. Kept as the
/// present names, lowercased, comma-separated in <see cref="Names"/> order; null when not recorded (no HTTP request,
/// or a log from before they were kept), which a replay reads as unknown.
/// </summary>
public static class RecordedHeaders
{
    /// <summary>The headers whose presence is recorded, in the order they are written.</summary>
    public static IReadOnlyList<string> Names { get; } = ["accept-language", "accept-encoding", "referer", "sec-fetch-site", "sec-ch-ua", "cookie"];

    // Every subset of the six, by bit: a logged request picks its string instead of building one.
    private static readonly string[] Subsets = [.. Enumerable.Range(0, 1 << 6).Select(bits => string.Join(',', Names.Where((_, i) => (bits & (1 << i)) != 0)))];

    /// <summary>The headers of <see cref="Names"/> the request carries (non-empty), or null without a request.</summary>
    public static string? Of(HttpContext? http)
    {
        if (http is null)
        {
            return null;
        }

        var headers = http.Request.Headers;
        var present = 0;
        for (var i = 0; i < Names.Count; i++)
        {
            present |= string.IsNullOrEmpty(headers[Names[i]].ToString()) ? 0 : 1 << i;
        }

        return Subsets[present];
    }

    /// <summary>True when <paramref name="recorded"/> lists <paramref name="name"/> (any case).</summary>
    public static bool Contains(string recorded, string name)
    {
        foreach (var range in recorded.AsSpan().Split(','))
        {
            if (recorded.AsSpan()[range].Equals(name, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }
}
