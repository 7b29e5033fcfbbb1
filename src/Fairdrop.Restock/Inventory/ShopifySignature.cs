using System.Security.Cryptography;
using System.Text;

namespace Fairdrop.Restock.Inventory;

/// <summary>Shopify's webhook signature: base64 HMAC-SHA256 of the raw body with the app's secret, compared in constant time.</summary>
public static class ShopifySignature
{
    public static string Sign(ReadOnlySpan<byte> body, string secret) =>
        Convert.ToBase64String(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), body));

    public static bool IsValid(ReadOnlySpan<byte> body, string? header, string? secret)
    {
        if (string.IsNullOrEmpty(header) || string.IsNullOrEmpty(secret))
        {
            return false;
        }

        Span<byte> given = stackalloc byte[64];
        if (!Convert.TryFromBase64String(header, given, out var length) || length != 32)
        {
            return false;
        }

        var expected = HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), body);
        return CryptographicOperations.FixedTimeEquals(expected, given[..length]);
    }
}
