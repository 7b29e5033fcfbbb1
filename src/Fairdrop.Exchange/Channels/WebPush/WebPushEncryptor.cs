using System.Security.Cryptography;

namespace Fairdrop.Exchange.Channels.WebPush;

/// <summary>
/// RFC 8291 message encryption: ECDH between a fresh ephemeral key and the subscription's <c>p256dh</c>, HKDF with the
/// subscription's <c>auth</c> secret, then one <c>aes128gcm</c> record (RFC 8188) whose key id is the ephemeral public key.
/// </summary>
internal static class WebPushEncryptor
{
    /// <summary>The largest plaintext that fits the 4096-byte body: 4096 − 86 header − 16 tag − 1 delimiter.</summary>
    public const int MaxPlaintextLength = Aes128Gcm.RecordSize - 86 - Aes128Gcm.TagLength - 1;

    public const int AuthSecretLength = 16;

    private static readonly byte[] KeyInfoLabel = "WebPush: info\0"u8.ToArray();
    private static readonly byte[] CekInfo = "Content-Encoding: aes128gcm\0"u8.ToArray();
    private static readonly byte[] NonceInfo = "Content-Encoding: nonce\0"u8.ToArray();

    /// <summary>
    /// Encrypts with a new ephemeral key and random salt; the RFC's worked example injects both through
    /// <paramref name="ephemeral"/> and <paramref name="salt"/> (never reuse them for real messages).
    /// </summary>
    public static byte[] Encrypt(ReadOnlySpan<byte> plaintext, ReadOnlySpan<byte> userAgentPublic, ReadOnlySpan<byte> authSecret, ECDiffieHellman? ephemeral = null, ReadOnlySpan<byte> salt = default)
    {
        if (plaintext.Length > MaxPlaintextLength)
        {
            throw new ArgumentOutOfRangeException(nameof(plaintext), $"A push message holds at most {MaxPlaintextLength} bytes.");
        }

        if (authSecret.Length != AuthSecretLength)
        {
            throw new ArgumentException("The auth secret is 16 bytes.", nameof(authSecret));
        }

        using var owned = ephemeral is null ? ECDiffieHellman.Create(ECCurve.NamedCurves.nistP256) : null;
        var asKey = ephemeral ?? owned!;
        Span<byte> saltBytes = stackalloc byte[Aes128Gcm.SaltLength];
        if (salt.IsEmpty)
        {
            RandomNumberGenerator.Fill(saltBytes);
        }
        else
        {
            salt.CopyTo(saltBytes);
        }

        var asPublic = P256.ExportPublic(asKey.ExportParameters(false));
        using var uaKey = ECDiffieHellman.Create(P256.PublicParameters(userAgentPublic));
        var shared = asKey.DeriveRawSecretAgreement(uaKey.PublicKey);

        Span<byte> cek = stackalloc byte[Aes128Gcm.KeyLength];
        Span<byte> nonce = stackalloc byte[Aes128Gcm.NonceLength];
        DeriveKeys(shared, authSecret, userAgentPublic, asPublic, saltBytes, cek, nonce);
        CryptographicOperations.ZeroMemory(shared);
        return Aes128Gcm.Encode(saltBytes, asPublic, cek, nonce, plaintext);
    }

    /// <summary>The RFC 8291 §3.4 key schedule: content-encryption key and nonce from the shared secret, auth secret, both public keys and the salt.</summary>
    private static void DeriveKeys(
        ReadOnlySpan<byte> sharedSecret, ReadOnlySpan<byte> authSecret, ReadOnlySpan<byte> userAgentPublic, ReadOnlySpan<byte> asPublic, ReadOnlySpan<byte> salt, Span<byte> cek, Span<byte> nonce)
    {
        Span<byte> prkKey = stackalloc byte[32];
        HKDF.Extract(HashAlgorithmName.SHA256, sharedSecret, authSecret, prkKey);
        Span<byte> keyInfo = stackalloc byte[KeyInfoLabel.Length + P256.PublicKeyLength * 2];
        KeyInfoLabel.CopyTo(keyInfo);
        userAgentPublic.CopyTo(keyInfo[KeyInfoLabel.Length..]);
        asPublic.CopyTo(keyInfo[(KeyInfoLabel.Length + P256.PublicKeyLength)..]);
        Span<byte> ikm = stackalloc byte[32];
        HKDF.Expand(HashAlgorithmName.SHA256, prkKey, ikm, keyInfo);
        Span<byte> prk = stackalloc byte[32];
        HKDF.Extract(HashAlgorithmName.SHA256, ikm, salt, prk);
        HKDF.Expand(HashAlgorithmName.SHA256, prk, cek, CekInfo);
        HKDF.Expand(HashAlgorithmName.SHA256, prk, nonce, NonceInfo);
        CryptographicOperations.ZeroMemory(prkKey);
        CryptographicOperations.ZeroMemory(ikm);
        CryptographicOperations.ZeroMemory(prk);
    }
}
