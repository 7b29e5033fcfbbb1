using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text.Json;

namespace Fairdrop.Drops.Receipts;

/// <summary>
/// Signed entry receipts: a compact JWS (ES256, RFC 7515/7518) over what the sealed list commits to for the entry, signed
/// with the drop's own P-256 key, whose public half (a JWK) the drop publishes from creation. A shopper who holds a receipt
/// can prove the entry was accepted; its leaf must then appear under the sealed root (docs/drops.md, "Receipts").
/// </summary>
internal static class EntryReceipts
{
    public static byte[] NewKey()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        return key.ExportPkcs8PrivateKey();
    }

    /// <summary>The public key as a JWK: <c>{"kty":"EC","crv":"P-256","x":…,"y":…}</c>.</summary>
    public static ReceiptKey PublicJwk(byte[] pkcs8)
    {
        using var key = ECDsa.Create();
        key.ImportPkcs8PrivateKey(pkcs8, out _);
        var point = key.ExportParameters(false).Q;
        return new ReceiptKey("EC", "P-256", Base64Url.EncodeToString(point.X), Base64Url.EncodeToString(point.Y));
    }

    // Parsing the PKCS #8 key costs as much as signing, and an ECDsa instance is not safe to share between threads:
    // each thread keeps the keys of the drops it signed for recently.
    [ThreadStatic]
    private static Dictionary<Guid, ECDsa>? t_keys;

    public static string Sign(Guid dropId, byte[] pkcs8, EntryReceipt receipt)
    {
        var header = Base64Url.EncodeToString("""{"alg":"ES256","typ":"fairdrop-entry-receipt"}"""u8);
        var payload = Base64Url.EncodeToString(JsonSerializer.SerializeToUtf8Bytes(receipt, ReceiptJson.Options));
        var key = SigningKey(dropId, pkcs8);
        var signature = key.SignData(System.Text.Encoding.ASCII.GetBytes($"{header}.{payload}"), HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
        return $"{header}.{payload}.{Base64Url.EncodeToString(signature)}";
    }

    private static ECDsa SigningKey(Guid dropId, byte[] pkcs8)
    {
        var keys = t_keys ??= [];
        if (!keys.TryGetValue(dropId, out var key))
        {
            if (keys.Count >= 16)
            {
                foreach (var old in keys.Values)
                {
                    old.Dispose();
                }

                keys.Clear();
            }

            key = ECDsa.Create();
            key.ImportPkcs8PrivateKey(pkcs8, out _);
            keys[dropId] = key;
        }

        return key;
    }

    /// <summary>The receipt's claims if its signature verifies under <paramref name="jwk"/>; null otherwise.</summary>
    public static EntryReceipt? Verify(string? receipt, ReceiptKey jwk)
    {
        var parts = receipt?.Split('.');
        if (parts is not { Length: 3 })
        {
            return null;
        }

        try
        {
            using var key = ECDsa.Create(new ECParameters
            {
                Curve = ECCurve.NamedCurves.nistP256,
                Q = new ECPoint { X = Base64Url.DecodeFromChars(jwk.X), Y = Base64Url.DecodeFromChars(jwk.Y) },
            });
            var signed = System.Text.Encoding.ASCII.GetBytes($"{parts[0]}.{parts[1]}");
            if (!key.VerifyData(signed, Base64Url.DecodeFromChars(parts[2]), HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation))
            {
                return null;
            }

            return JsonSerializer.Deserialize<EntryReceipt>(Base64Url.DecodeFromChars(parts[1]), ReceiptJson.Options);
        }
        catch (Exception exception) when (exception is FormatException or CryptographicException or JsonException)
        {
            return null;
        }
    }
}

/// <summary>A drop's public receipt key (JWK members).</summary>
public sealed record ReceiptKey(string Kty, string Crv, string X, string Y);

/// <summary>
/// What a receipt states: the drop, the entry, its arrival number and time (ms since 1970), its flags, and where it came
/// from (<c>storefront</c> or <c>merchant</c>); <c>leaf</c> is the entry's leaf hash in the sealed list (hex).
/// </summary>
internal sealed record EntryReceipt(Guid Drop, Guid Entry, long Seq, long At, bool Priority, bool Bot, bool Verified, string Source, string Leaf);

internal static class ReceiptJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web);
}
