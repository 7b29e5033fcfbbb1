using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;

namespace Fairdrop.Exchange.Dispatch;

/// <summary>Signed, unguessable unsubscribe tokens naming a merchant's recipient, for RFC 8058 one-click links.</summary>
internal sealed class UnsubscribeTokens
{
    private readonly byte[] _key;

    public UnsubscribeTokens(IOptions<ExchangeOptions> options)
    {
        var secret = options.Value.UnsubscribeSecret;
        IsEphemeral = string.IsNullOrEmpty(secret);
        _key = IsEphemeral ? RandomNumberGenerator.GetBytes(32) : SHA256.HashData(Encoding.UTF8.GetBytes(secret!));
    }

    public bool IsEphemeral { get; }

    public string Create(Guid merchantId, Guid recipientId)
    {
        var payload = new byte[32];
        merchantId.TryWriteBytes(payload.AsSpan(0, 16));
        recipientId.TryWriteBytes(payload.AsSpan(16, 16));
        var mac = HMACSHA256.HashData(_key, payload).AsSpan(0, 16);
        return WebEncoders.Base64UrlEncode([.. payload, .. mac]);
    }

    public bool TryRead(string token, out Guid merchantId, out Guid recipientId)
    {
        merchantId = recipientId = Guid.Empty;
        byte[] bytes;
        try
        {
            bytes = WebEncoders.Base64UrlDecode(token);
        }
        catch (FormatException)
        {
            return false;
        }

        if (bytes.Length != 48 || !CryptographicOperations.FixedTimeEquals(HMACSHA256.HashData(_key, bytes.AsSpan(0, 32)).AsSpan(0, 16), bytes.AsSpan(32)))
        {
            return false;
        }

        merchantId = new Guid(bytes.AsSpan(0, 16));
        recipientId = new Guid(bytes.AsSpan(16, 16));
        return true;
    }
}
