using System.Security.Cryptography;
using System.Text;

namespace Fairdrop.Exchange.Channels;

/// <summary>
/// Standard Webhooks signatures: <c>v1,</c> + base64(HMAC-SHA256(key, "{id}.{timestamp}.{body}")), where the key is
/// the base64 part of a <c>whsec_</c> secret.
/// </summary>
public static class WebhookSigner
{
    public const string SecretPrefix = "whsec_";

    public static string NewSecret() => SecretPrefix + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    public static string Sign(string secret, string id, long timestamp, string body)
    {
        var key = Convert.FromBase64String(secret.StartsWith(SecretPrefix, StringComparison.Ordinal) ? secret[SecretPrefix.Length..] : secret);
        var payload = Encoding.UTF8.GetBytes(FormattableString.Invariant($"{id}.{timestamp}.{body}"));
        return "v1," + Convert.ToBase64String(HMACSHA256.HashData(key, payload));
    }
}
