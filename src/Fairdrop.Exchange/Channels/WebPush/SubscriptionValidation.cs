using System.Buffers;
using System.Buffers.Text;
using Fairdrop.Core.Errors;
using Fairdrop.Core.Outbound;
using Fairdrop.Exchange.Recipients;

namespace Fairdrop.Exchange.Channels.WebPush;

/// <summary>
/// Checks a browser's push subscription before it is stored: an https endpoint on a public host (the outbound guard;
/// http only to a host the operator allow-listed), <c>p256dh</c> a base64url 65-byte uncompressed P-256 point on the
/// curve, <c>auth</c> 16 bytes.
/// </summary>
internal static class SubscriptionValidation
{
    public const int MaxEndpointLength = 2048;
    public const int MaxDeviceLength = 200;

    private static readonly SearchValues<char> Alphabet = SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_=");

    public static Result<WebPushSubscription> Validate(string? endpoint, string? p256dh, string? auth, string? device, OutboundGuard guard)
    {
        var refused = endpoint is { Length: > 0 and <= MaxEndpointLength } ? guard.CheckUrl(endpoint, "endpoint", httpsOnly: true) : Error.Validation("endpoint", "too long");
        if (refused is { Code: ErrorCodes.ForbiddenDestination })
        {
            return refused;
        }

        if (refused is not null)
        {
            return Invalid("endpoint", $"endpoint must be an absolute https URL of at most {MaxEndpointLength} characters.");
        }

        if (Decode(p256dh, P256.PublicKeyLength) is not { } point || !P256.IsValidPublicKey(point))
        {
            return Invalid("keys.p256dh", "keys.p256dh must be base64url of a 65-byte uncompressed P-256 public key.");
        }

        if (Decode(auth, WebPushEncryptor.AuthSecretLength) is null)
        {
            return Invalid("keys.auth", "keys.auth must be base64url of 16 bytes.");
        }

        if (device is { Length: 0 or > MaxDeviceLength })
        {
            return Invalid("device", $"device, when given, must have 1 to {MaxDeviceLength} characters.");
        }

        return new WebPushSubscription(endpoint!, p256dh!.TrimEnd('='), auth!.TrimEnd('='), device);
    }

    /// <summary>The decoded bytes when the text is base64url (padding optional) of exactly <paramref name="length"/> bytes.</summary>
    public static byte[]? Decode(string? text, int length)
    {
        if (string.IsNullOrEmpty(text) || text.AsSpan().ContainsAnyExcept(Alphabet) || !Base64Url.IsValid(text, out var decoded) || decoded != length)
        {
            return null;
        }

        return Base64Url.DecodeFromChars(text);
    }

    private static Error Invalid(string field, string message) => new(ErrorCodes.InvalidPushSubscription, message, field);
}
