using System.Security.Cryptography;
using System.Text;

namespace Fairdrop.SmsPrograms.Tests.Support;

/// <summary>
/// Signs a webhook as Twilio does (its documented algorithm, written here apart from the exchange's own code so the
/// two check each other): HMAC-SHA1 with the auth token over the full URL followed by each POST field's name and
/// value in name order, base64.
/// </summary>
internal static class TwilioRequestSigner
{
    public const string Header = "X-Twilio-Signature";

    public static string Sign(string authToken, string url, IReadOnlyDictionary<string, string> form)
    {
        var data = new StringBuilder(url);
        foreach (var (key, value) in form.OrderBy(f => f.Key, StringComparer.Ordinal))
        {
            data.Append(key).Append(value);
        }

        // SHA-1 because Twilio signs with it; this is its documented scheme, not a choice.
#pragma warning disable CA5350
        return Convert.ToBase64String(HMACSHA1.HashData(Encoding.UTF8.GetBytes(authToken), Encoding.UTF8.GetBytes(data.ToString())));
#pragma warning restore CA5350
    }
}
