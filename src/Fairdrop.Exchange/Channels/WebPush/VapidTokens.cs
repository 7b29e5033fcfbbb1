using System.Buffers.Text;
using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Fairdrop.Exchange.Channels.WebPush;

/// <summary>
/// RFC 8292 VAPID: an ES256 JWT {aud: the push service's origin, exp, sub} sent as
/// <c>Authorization: vapid t=&lt;jwt&gt;, k=&lt;public key&gt;</c>. Like real senders, one token per origin is reused
/// until an hour before it expires, so signing is paid once per push service, not once per message.
/// </summary>
internal sealed class VapidTokens(VapidKeys keys, string subject, TimeSpan lifetime, TimeProvider time) : IDisposable
{
    private static readonly TimeSpan RefreshBefore = TimeSpan.FromHours(1);
    private static readonly byte[] Header = Encoding.UTF8.GetBytes("{\"typ\":\"JWT\",\"alg\":\"ES256\"}");

    private readonly ConcurrentDictionary<string, (string Value, DateTimeOffset Expires)> _cache = new(StringComparer.Ordinal);
    private readonly ECDsa _signer = keys.CreateSigner();
    private readonly Lock _signing = new();

    public VapidKeys Keys => keys;

    /// <summary>How many tokens were signed (not served from the cache); the benchmark reports it.</summary>
    public long Signed { get; private set; }

    /// <summary>The Authorization header value for a push endpoint.</summary>
    public string Authorization(Uri endpoint)
    {
        var audience = endpoint.GetLeftPart(UriPartial.Authority);
        var now = time.GetUtcNow();
        if (_cache.TryGetValue(audience, out var cached) && cached.Expires - RefreshBefore > now)
        {
            return cached.Value;
        }

        var expires = now + lifetime;
        var value = $"vapid t={Sign(audience, expires)}, k={keys.PublicKeyText}";
        _cache[audience] = (value, expires);
        return value;
    }

    /// <summary>A fresh signed JWT for an audience, never cached.</summary>
    public string Sign(string audience, DateTimeOffset expires)
    {
        var claims = JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, object>
        {
            ["aud"] = audience,
            ["exp"] = expires.ToUnixTimeSeconds(),
            ["sub"] = subject,
        });
        var signingInput = Base64Url.EncodeToString(Header) + "." + Base64Url.EncodeToString(claims);
        byte[] signature;
        lock (_signing)
        {
            // IEEE P1363 (r ‖ s, 64 bytes) is .NET's default format and exactly what JWS ES256 wants.
            signature = _signer.SignData(Encoding.ASCII.GetBytes(signingInput), HashAlgorithmName.SHA256);
            Signed++;
        }

        return signingInput + "." + Base64Url.EncodeToString(signature);
    }

    public void Dispose() => _signer.Dispose();
}
