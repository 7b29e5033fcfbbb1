using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Fairdrop.Exchange.Series;

/// <summary>
/// Signed add-to-cart links: the storefront's cart URL with the product, quantity, shopper and expiry appended, and
/// <c>fd_sig</c>, the HMAC-SHA256 (base64url) of everything before it keyed with the sender's webhook secret. The
/// storefront recomputes it over the URL up to <c>&amp;fd_sig=</c>, compares in constant time and checks
/// <c>fd_exp</c> (Unix seconds), so a shopper cannot change the quantity or reuse a link after its hold lapsed.
/// </summary>
public static class CartLinks
{
    /// <summary>
    /// The signed link. A <paramref name="hold"/> the units are kept under is carried as <c>fd_hold</c>, for the storefront
    /// to put on the cart line as the <c>_fairdrop_hold</c> property, so the order's webhook ends the hold it was bought under.
    /// </summary>
    public static string Sign(string cartUrl, string productId, int units, string shopper, DateTimeOffset expires, string secret, Guid? hold = null)
    {
        var separator = cartUrl.Contains('?', StringComparison.Ordinal) ? '&' : '?';
        var held = hold is { } id ? $"&fd_hold={id}" : string.Empty;
        var unsigned = string.Create(CultureInfo.InvariantCulture,
            $"{cartUrl}{separator}fd_product={Uri.EscapeDataString(productId)}&fd_qty={units}&fd_shopper={Uri.EscapeDataString(shopper)}{held}&fd_exp={expires.ToUnixTimeSeconds()}");
        return $"{unsigned}&fd_sig={Signature(unsigned, secret)}";
    }

    /// <summary>True when <paramref name="url"/> carries a valid signature by <paramref name="secret"/> and has not expired at <paramref name="now"/>.</summary>
    public static bool Verify(string url, string secret, DateTimeOffset now)
    {
        var at = url.LastIndexOf("&fd_sig=", StringComparison.Ordinal);
        if (at < 0)
        {
            return false;
        }

        var unsigned = url[..at];
        var expected = Encoding.ASCII.GetBytes(Signature(unsigned, secret));
        var given = Encoding.ASCII.GetBytes(url[(at + "&fd_sig=".Length)..]);
        var exp = unsigned[(unsigned.LastIndexOf("fd_exp=", StringComparison.Ordinal) + "fd_exp=".Length)..];
        return CryptographicOperations.FixedTimeEquals(expected, given)
            && long.TryParse(exp, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) && now.ToUnixTimeSeconds() <= seconds;
    }

    private static string Signature(string unsigned, string secret) =>
        Convert.ToBase64String(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(unsigned))).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
