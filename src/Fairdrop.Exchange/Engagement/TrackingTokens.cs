using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;

namespace Fairdrop.Exchange.Engagement;

/// <summary>
/// Signed tracking tokens: an open names a delivery; a click names a delivery and the link it forwards to. The
/// HMAC covers all of it, so an altered token (another link, another delivery) is refused, never followed: the
/// redirect cannot be used as an open redirect.
/// </summary>
internal sealed class TrackingTokens
{
    private const byte OpenKind = 1;
    private const byte ClickKind = 2;
    private const int MacLength = 16;
    private const int Head = 17;

    private readonly byte[] _key;

    public TrackingTokens(IOptions<ExchangeOptions> options)
    {
        var secret = options.Value.UnsubscribeSecret;
        _key = string.IsNullOrEmpty(secret) ? RandomNumberGenerator.GetBytes(32) : SHA256.HashData(Encoding.UTF8.GetBytes("fairdrop-tracking:" + secret));
    }

    public string Open(Guid deliveryId) => Sign(OpenKind, deliveryId, []);

    public string Click(Guid deliveryId, string url) => Sign(ClickKind, deliveryId, Encoding.UTF8.GetBytes(url));

    public bool TryReadOpen(string token, out Guid deliveryId) => TryRead(token, OpenKind, out deliveryId, out _);

    public bool TryReadClick(string token, out Guid deliveryId, out string url)
    {
        url = string.Empty;
        if (!TryRead(token, ClickKind, out deliveryId, out var tail))
        {
            return false;
        }

        url = Encoding.UTF8.GetString(tail);
        return Uri.TryCreate(url, UriKind.Absolute, out var parsed) && parsed.Scheme is "http" or "https";
    }

    private string Sign(byte kind, Guid deliveryId, byte[] tail)
    {
        // One buffer: kind, delivery id, tail, then the truncated MAC of everything before it.
        var payload = Head + tail.Length;
        var token = new byte[payload + MacLength];
        token[0] = kind;
        deliveryId.TryWriteBytes(token.AsSpan(1, 16));
        tail.CopyTo(token.AsSpan(Head));
        Span<byte> mac = stackalloc byte[HMACSHA256.HashSizeInBytes];
        HMACSHA256.HashData(_key, token.AsSpan(0, payload), mac);
        mac[..MacLength].CopyTo(token.AsSpan(payload));
        return WebEncoders.Base64UrlEncode(token);
    }

    private bool TryRead(string token, byte kind, out Guid deliveryId, out byte[] tail)
    {
        deliveryId = Guid.Empty;
        tail = [];
        byte[] bytes;
        try
        {
            bytes = WebEncoders.Base64UrlDecode(token);
        }
        catch (FormatException)
        {
            return false;
        }

        if (bytes.Length < Head + MacLength || bytes[0] != kind)
        {
            return false;
        }

        var payload = bytes.AsSpan(0, bytes.Length - MacLength);
        if (!CryptographicOperations.FixedTimeEquals(HMACSHA256.HashData(_key, payload).AsSpan(0, MacLength), bytes.AsSpan(bytes.Length - MacLength)))
        {
            return false;
        }

        deliveryId = new Guid(payload.Slice(1, 16));
        tail = payload[Head..].ToArray();
        return true;
    }
}
