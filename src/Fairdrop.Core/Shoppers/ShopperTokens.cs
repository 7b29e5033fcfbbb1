using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Fairdrop.Core.Errors;

namespace Fairdrop.Core.Shoppers;

/// <summary>
/// Shopper tokens: a JWT (RFC 7519) signed with HS256 under the merchant's shopper-signing secret, so the merchant's
/// backend can mint one with any JWT library (or openssl). Claims: <c>sub</c> the shopper id, <c>exp</c> at most
/// <see cref="MaxLifetime"/> ahead, optional <c>aud</c> (a drop id or the merchant id), <c>iat</c> and <c>nbf</c>.
/// Verification is written out here, not taken from a JWT library: one algorithm, no key lookup by header, no <c>none</c>.
/// </summary>
public static class ShopperTokens
{
    /// <summary>Tokens are short-lived: one whose <c>exp</c> is further away than this is refused.</summary>
    public static readonly TimeSpan MaxLifetime = TimeSpan.FromHours(1);

    /// <summary>How far the merchant's clock may be off ours, either way.</summary>
    public static readonly TimeSpan ClockSkew = TimeSpan.FromSeconds(30);

    private const int MaxTokenLength = 2048;

    // {"alg":"HS256","typ":"JWT"}: the header every token this side signs carries.
    private const string Header = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9";

    /// <summary>Signs a token as a merchant's backend would (used by tests, benchmarks and SDK helpers).</summary>
    public static string Sign(string secret, string shopperId, DateTimeOffset expiresAt, Guid? audience = null, DateTimeOffset? issuedAt = null)
    {
        var claims = new Dictionary<string, object> { ["sub"] = shopperId, ["exp"] = expiresAt.ToUnixTimeSeconds() };
        if (audience is { } aud)
        {
            claims["aud"] = aud.ToString();
        }

        if (issuedAt is { } iat)
        {
            claims["iat"] = iat.ToUnixTimeSeconds();
        }

        var signingInput = Header + "." + Base64Url.EncodeToString(JsonSerializer.SerializeToUtf8Bytes(claims));
        return signingInput + "." + Base64Url.EncodeToString(Mac(secret, signingInput));
    }

    /// <summary>
    /// The token's shopper if it is signed by one of <paramref name="secrets"/>, unexpired at <paramref name="now"/>, and
    /// either names no audience or one of <paramref name="audiences"/>; otherwise an <c>invalid_token</c> error.
    /// </summary>
    public static Result<ShopperToken> Verify(string token, IReadOnlyList<string> secrets, DateTimeOffset now, params ReadOnlySpan<Guid> audiences)
    {
        var parts = token.Length <= MaxTokenLength ? token.Split('.') : [];
        if (parts.Length != 3 || !TryDecode(parts[2], out var signature) || signature.Length != 32)
        {
            return Invalid("The shopper token is not a compact JWT (header.payload.signature).");
        }

        // The MAC is checked before any JSON is read: nothing unsigned is parsed.
        var signingInput = token.AsSpan(0, parts[0].Length + 1 + parts[1].Length).ToString();
        if (!secrets.Any(secret => CryptographicOperations.FixedTimeEquals(Mac(secret, signingInput), signature)))
        {
            return Invalid("The shopper token's signature does not verify: it is altered or signed with another merchant's or a retired secret.");
        }

        return TryDecode(parts[0], out var header) && TryDecode(parts[1], out var payload)
            ? ShopperTokenClaims.Read(header, payload, now, audiences)
            : Invalid("The shopper token is not base64url.");
    }

    internal static Error Invalid(string message) => Error.Of(ErrorKind.Unauthorized, ErrorCodes.InvalidToken, message);

    private static byte[] Mac(string secret, string signingInput) =>
        HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(signingInput));

    private static bool TryDecode(string text, out byte[] bytes)
    {
        bytes = [];
        if (!Base64Url.IsValid(text, out var length))
        {
            return false;
        }

        bytes = new byte[length];
        // One spelling per token: a signature whose spare bits were varied is not the signature that was issued.
        return Base64Url.TryDecodeFromChars(text, bytes, out var written) && written == length && Base64Url.EncodeToString(bytes) == text;
    }
}
