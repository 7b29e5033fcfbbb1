using Fairdrop.Core.Errors;

namespace Fairdrop.Restock.Waitlist;

/// <summary>Browser origins (<c>scheme://host[:port]</c>) as the merchant lists them and as browsers send them.</summary>
public static class StorefrontOrigins
{
    public const int MaxOrigins = 50;

    /// <summary>The origin in its canonical form (lower case, default port dropped), or null when it is not an http(s) origin.</summary>
    public static string? Normalize(string? origin)
    {
        if (string.IsNullOrWhiteSpace(origin) || !Uri.TryCreate(origin.Trim().TrimEnd('/'), UriKind.Absolute, out var uri)
            || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp)
            || uri.PathAndQuery != "/" || uri.Fragment.Length > 0 || uri.UserInfo.Length > 0)
        {
            return null;
        }

        return uri.GetLeftPart(UriPartial.Authority).ToLowerInvariant();
    }

    /// <summary>Validates and normalizes the merchant's list; an error names the first bad entry.</summary>
    public static Result<IReadOnlyList<string>> Parse(IReadOnlyList<string>? origins)
    {
        if (origins is null || origins.Count > MaxOrigins)
        {
            return Error.Validation("origins", $"origins is required: at most {MaxOrigins} origins like https://shop.example.");
        }

        var normalized = new List<string>();
        foreach (var origin in origins)
        {
            if (Normalize(origin) is not { } o)
            {
                return Error.Validation("origins", $"'{origin}' is not an origin (scheme://host[:port], http or https, no path).");
            }

            normalized.Add(o);
        }

        return normalized.Distinct(StringComparer.Ordinal).ToList();
    }

    /// <summary>Whether a request's <c>Origin</c> header is on the merchant's list.</summary>
    public static bool IsAllowed(string origin, IReadOnlyList<string> allowed) =>
        Normalize(origin) is { } normalized && allowed.Contains(normalized, StringComparer.Ordinal);
}
