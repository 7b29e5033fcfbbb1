using System.Text.Json;
using Fairdrop.Core.Errors;

namespace Fairdrop.Core.Shoppers;

/// <summary>Reads a signed shopper token's header and claims and checks them against the clock and the audience.</summary>
internal static class ShopperTokenClaims
{
    private static readonly JsonDocumentOptions Options = new() { MaxDepth = 4 };

    public static Result<ShopperToken> Read(byte[] header, byte[] payload, DateTimeOffset now, ReadOnlySpan<Guid> audiences)
    {
        try
        {
            using var head = JsonDocument.Parse(header, Options);
            using var body = JsonDocument.Parse(payload, Options);
            return Check(head.RootElement, body.RootElement, now, audiences);
        }
        catch (JsonException)
        {
            return ShopperTokens.Invalid("The shopper token's header or claims are not JSON.");
        }
    }

    private static Result<ShopperToken> Check(JsonElement header, JsonElement claims, DateTimeOffset now, ReadOnlySpan<Guid> audiences)
    {
        // Only HS256; a critical extension we do not know must be refused (RFC 7515 §4.1.11).
        if (header.ValueKind != JsonValueKind.Object || !header.TryGetProperty("alg", out var alg) || alg.ValueKind != JsonValueKind.String
            || alg.GetString() != "HS256" || header.TryGetProperty("crit", out _))
        {
            return ShopperTokens.Invalid("The shopper token's header must say \"alg\":\"HS256\".");
        }

        if (claims.ValueKind != JsonValueKind.Object || !claims.TryGetProperty("sub", out var sub) || sub.ValueKind != JsonValueKind.String)
        {
            return ShopperTokens.Invalid("The shopper token has no \"sub\" (the shopper id).");
        }

        if (Time(claims, "exp") is not { } expires)
        {
            return ShopperTokens.Invalid("The shopper token has no \"exp\" (NumericDate, seconds since 1970).");
        }

        if (expires <= now - ShopperTokens.ClockSkew)
        {
            return ShopperTokens.Invalid("The shopper token has expired.");
        }

        if (expires > now + ShopperTokens.MaxLifetime + ShopperTokens.ClockSkew)
        {
            return ShopperTokens.Invalid($"The shopper token lives too long: \"exp\" may be at most {ShopperTokens.MaxLifetime.TotalMinutes:0} minutes ahead.");
        }

        if (Time(claims, "nbf") > now + ShopperTokens.ClockSkew || Time(claims, "iat") > now + ShopperTokens.ClockSkew)
        {
            return ShopperTokens.Invalid("The shopper token is not valid yet (\"nbf\" or \"iat\" is in the future).");
        }

        if (!Audience(claims, audiences, out var audience))
        {
            return ShopperTokens.Invalid("The shopper token is for another drop or merchant (\"aud\").");
        }

        return ShopperIds.Canonicalize(sub.GetString()).TryGetValue(out var shopper, out var error)
            ? new ShopperToken(shopper, expires, audience)
            : ShopperTokens.Invalid("The shopper token's \"sub\" is not a valid shopper id: " + error.Message);
    }

    /// <summary>A NumericDate claim (JWT allows fractions); null when absent or not a number.</summary>
    private static DateTimeOffset? Time(JsonElement claims, string name) =>
        claims.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetDouble(out var seconds)
            && seconds is > 0 and < 253_402_300_799 // up to 9999-12-31
            ? DateTimeOffset.FromUnixTimeMilliseconds((long)(seconds * 1000))
            : null;

    /// <summary>No <c>aud</c> is accepted; a string or an array of strings must name one of the audiences (RFC 7519 §4.1.3).</summary>
    private static bool Audience(JsonElement claims, ReadOnlySpan<Guid> audiences, out Guid? matched)
    {
        matched = null;
        if (!claims.TryGetProperty("aud", out var aud))
        {
            return true;
        }

        var values = aud.ValueKind switch
        {
            JsonValueKind.String => [aud],
            JsonValueKind.Array => aud.EnumerateArray().ToArray(),
            _ => [],
        };
        foreach (var value in values)
        {
            if (value.ValueKind == JsonValueKind.String && Guid.TryParse(value.GetString(), out var id) && audiences.Contains(id))
            {
                matched = id;
                return true;
            }
        }

        return false;
    }
}
