using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Fairdrop.Exchange.Channels.WebPush;

/// <summary>
/// RFC 8188 <c>aes128gcm</c> content coding, single record (all web push needs): header salt(16) ‖ rs(4) ‖ idlen(1) ‖
/// keyid, then AES-128-GCM over plaintext ‖ 0x02 (the last-record delimiter), tag appended.
/// </summary>
internal static class Aes128Gcm
{
    public const int SaltLength = 16;
    public const int TagLength = 16;
    public const int NonceLength = 12;
    public const int KeyLength = 16;

    /// <summary>Record size web push uses (RFC 8291 §4): the whole body fits in one 4096-byte record.</summary>
    public const int RecordSize = 4096;

    public static int HeaderLength(int keyIdLength) => SaltLength + 4 + 1 + keyIdLength;

    /// <summary>Writes the header, then the sealed single record, into one array.</summary>
    public static byte[] Encode(ReadOnlySpan<byte> salt, ReadOnlySpan<byte> keyId, ReadOnlySpan<byte> key, ReadOnlySpan<byte> nonce, ReadOnlySpan<byte> plaintext)
    {
        var header = HeaderLength(keyId.Length);
        var body = new byte[header + plaintext.Length + 1 + TagLength];
        salt.CopyTo(body);
        BinaryPrimitives.WriteUInt32BigEndian(body.AsSpan(SaltLength), RecordSize);
        body[SaltLength + 4] = (byte)keyId.Length;
        keyId.CopyTo(body.AsSpan(SaltLength + 5));
        var record = body.AsSpan(header, plaintext.Length + 1);
        plaintext.CopyTo(record);
        record[^1] = 0x02;
        using var aes = new AesGcm(key, TagLength);
        aes.Encrypt(nonce, record, record, body.AsSpan(header + record.Length, TagLength));
        return body;
    }
}
