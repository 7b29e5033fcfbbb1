using System.Buffers.Binary;
using System.Buffers.Text;
using System.Security.Cryptography;

namespace Fairdrop.Testing.WebPush;

/// <summary>
/// A browser's side of web push, written from RFC 8291/8188 without the channel's code: a P-256 key pair and an auth
/// secret to subscribe with, and the decryption a user agent performs (HMAC-SHA-256 by hand, not the HKDF class).
/// </summary>
public sealed class PushSubscriber : IDisposable
{
    private readonly ECDiffieHellman _key;

    public PushSubscriber(ECDiffieHellman? key = null, byte[]? auth = null)
    {
        _key = key ?? ECDiffieHellman.Create(ECCurve.NamedCurves.nistP256);
        var q = _key.ExportParameters(false).Q;
        PublicKey = [0x04, .. q.X!, .. q.Y!];
        Auth = auth ?? RandomNumberGenerator.GetBytes(16);
    }

    public byte[] PublicKey { get; }

    public byte[] Auth { get; }

    public string P256dh => Base64Url.EncodeToString(PublicKey);

    public string AuthText => Base64Url.EncodeToString(Auth);

    /// <summary>The plaintext, or null when the body does not decrypt or is malformed.</summary>
    public byte[]? Decrypt(byte[] body)
    {
        if (body.Length < 21 + 65 + 17 || BinaryPrimitives.ReadUInt32BigEndian(body.AsSpan(16)) < 18 || body[20] != 65)
        {
            return null;
        }

        var salt = body[..16];
        var asPublic = body[21..86];
        using var sender = ECDiffieHellman.Create(new ECParameters
        {
            Curve = ECCurve.NamedCurves.nistP256,
            Q = new ECPoint { X = asPublic[1..33], Y = asPublic[33..] },
        });
        var shared = _key.DeriveRawSecretAgreement(sender.PublicKey);
        var prkKey = HMACSHA256.HashData(Auth, shared);
        var ikm = HMACSHA256.HashData(prkKey, (byte[])[.. "WebPush: info\0"u8, .. PublicKey, .. asPublic, 0x01]);
        var prk = HMACSHA256.HashData(salt, ikm);
        var cek = HMACSHA256.HashData(prk, (byte[])[.. "Content-Encoding: aes128gcm\0"u8, 0x01])[..16];
        var nonce = HMACSHA256.HashData(prk, (byte[])[.. "Content-Encoding: nonce\0"u8, 0x01])[..12];
        var cipher = body[86..^16];
        var plain = new byte[cipher.Length];
        try
        {
            using var aes = new AesGcm(cek, 16);
            aes.Decrypt(nonce, cipher, body[^16..], plain);
        }
        catch (AuthenticationTagMismatchException)
        {
            return null;
        }

        var end = Array.FindLastIndex(plain, b => b != 0);
        return end >= 0 && plain[end] == 0x02 ? plain[..end] : null;
    }

    public void Dispose() => _key.Dispose();
}
