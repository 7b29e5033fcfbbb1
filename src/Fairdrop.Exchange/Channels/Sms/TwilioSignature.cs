using System.Security.Cryptography;
using System.Text;

namespace Fairdrop.Exchange.Channels.Sms;

/// <summary>
/// Twilio's <c>X-Twilio-Signature</c>: Base64(HMAC-SHA1(auth token, full URL + every POST parameter, sorted by
/// name, as name followed by value with no separators)), as Twilio documents it for validating webhooks.
/// </summary>
public static class TwilioSignature
{
    public const string Header = "X-Twilio-Signature";

    public static string Compute(string authToken, string url, IEnumerable<KeyValuePair<string, string>> parameters)
    {
        var data = new StringBuilder(url);
        foreach (var (name, value) in parameters.OrderBy(p => p.Key, StringComparer.Ordinal).ThenBy(p => p.Value, StringComparer.Ordinal))
        {
            data.Append(name).Append(value);
        }

        // SHA-1 is Twilio's choice, not ours: the signature must be byte-equal to theirs.
#pragma warning disable CA5350
        return Convert.ToBase64String(HMACSHA1.HashData(Encoding.UTF8.GetBytes(authToken), Encoding.UTF8.GetBytes(data.ToString())));
#pragma warning restore CA5350
    }

    /// <summary>
    /// True when a request can carry a valid signature at all: a token is configured and the header is Base64 of an
    /// HMAC-SHA1 (20 bytes). Checked before the body is read, so unsigned requests cost nothing.
    /// </summary>
    public static bool CanBeValid(string? authToken, string? signature)
    {
        Span<byte> hash = stackalloc byte[20];
        return !string.IsNullOrEmpty(authToken) && signature is { Length: 28 } && Convert.TryFromBase64String(signature, hash, out var written) && written == 20;
    }

    /// <summary>True only for a present signature equal (in constant time) to the one computed here.</summary>
    public static bool IsValid(string? authToken, string url, IEnumerable<KeyValuePair<string, string>> parameters, string? signature)
    {
        if (string.IsNullOrEmpty(authToken) || string.IsNullOrEmpty(signature))
        {
            return false;
        }

        var expected = Encoding.ASCII.GetBytes(Compute(authToken, url, parameters));
        return CryptographicOperations.FixedTimeEquals(expected, Encoding.ASCII.GetBytes(signature));
    }
}
