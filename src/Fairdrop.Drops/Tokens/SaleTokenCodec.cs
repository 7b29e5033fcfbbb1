using System.Buffers.Binary;
using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace Fairdrop.Drops.Tokens;

/// <summary>
/// Sale tokens: <c>payload.mac</c> in base64url, the MAC an HMAC-SHA256 under the drop's own key.
/// The payload binds token id, drop, entry, a hash of the shopper and the expiry; single use is
/// enforced by the database (one purchase per token id).
/// </summary>
internal static class SaleTokenCodec
{
    private const int PayloadLength = 16 + 16 + 16 + 32 + 8;

    public static string Encode(SaleToken token, ReadOnlySpan<byte> key)
    {
        Span<byte> payload = stackalloc byte[PayloadLength];
        Write(token, payload);
        Span<byte> mac = stackalloc byte[32];
        HMACSHA256.HashData(key, payload, mac);
        return Base64Url.EncodeToString(payload) + "." + Base64Url.EncodeToString(mac);
    }

    /// <summary>The token's claims if its MAC is right for this drop's key and it names this shopper; null otherwise.</summary>
    public static (Guid TokenId, Guid DropId, Guid EntryId, DateTimeOffset ExpiresAt, bool ShopperMatches)? Decode(string text, ReadOnlySpan<byte> key, string shopperId)
    {
        var dot = text.IndexOf('.', StringComparison.Ordinal);
        if (dot <= 0 || text.Length > 512)
        {
            return null;
        }

        var payloadText = text.AsSpan(0, dot);
        var macText = text.AsSpan(dot + 1);
        if (!Base64Url.IsValid(payloadText, out var payloadLength) || payloadLength != PayloadLength
            || !Base64Url.IsValid(macText, out var macLength) || macLength != 32)
        {
            return null;
        }

        Span<byte> payload = stackalloc byte[PayloadLength];
        Span<byte> mac = stackalloc byte[32];
        Base64Url.DecodeFromChars(payloadText, payload);
        Base64Url.DecodeFromChars(macText, mac);
        // Only the canonical spelling is accepted, so a token has exactly one text (no spare bits to vary).
        if (!macText.SequenceEqual(Base64Url.EncodeToString(mac)))
        {
            return null;
        }

        Span<byte> expected = stackalloc byte[32];
        HMACSHA256.HashData(key, payload, expected);
        if (!CryptographicOperations.FixedTimeEquals(expected, mac))
        {
            return null;
        }

        ReadOnlySpan<byte> body = payload;
        Span<byte> shopperHash = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes(shopperId), shopperHash);
        return (new Guid(body[..16], bigEndian: true),
            new Guid(body.Slice(16, 16), bigEndian: true),
            new Guid(body.Slice(32, 16), bigEndian: true),
            DateTimeOffset.FromUnixTimeMilliseconds(BinaryPrimitives.ReadInt64BigEndian(body.Slice(80, 8))),
            CryptographicOperations.FixedTimeEquals(shopperHash, body.Slice(48, 32)));
    }

    private static void Write(SaleToken token, Span<byte> payload)
    {
        token.TokenId.TryWriteBytes(payload[..16], bigEndian: true, out _);
        token.DropId.TryWriteBytes(payload.Slice(16, 16), bigEndian: true, out _);
        token.EntryId.TryWriteBytes(payload.Slice(32, 16), bigEndian: true, out _);
        SHA256.HashData(Encoding.UTF8.GetBytes(token.ShopperId), payload.Slice(48, 32));
        BinaryPrimitives.WriteInt64BigEndian(payload.Slice(80, 8), token.ExpiresAt.ToUnixTimeMilliseconds());
    }
}
