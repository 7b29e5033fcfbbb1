using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace Fairdrop.Core.Tenancy;

/// <summary>Makes and hashes API key secrets: <c>fdk_</c> and 32 random bytes in base64url.</summary>
public static class ApiKeySecrets
{
    public const string Scheme = "fdk_";

    /// <summary>Characters of the secret kept in clear so merchants can tell their keys apart.</summary>
    public const int PrefixLength = 12;

    public static string Create()
    {
        Span<byte> random = stackalloc byte[32];
        RandomNumberGenerator.Fill(random);
        return Scheme + Base64Url.EncodeToString(random);
    }

    /// <summary>SHA-256 of the key. The key carries 256 bits of entropy, so no slow password hash is needed.</summary>
    public static byte[] Hash(string secret)
    {
        var length = Encoding.UTF8.GetByteCount(secret);
        Span<byte> utf8 = length <= 256 ? stackalloc byte[length] : new byte[length];
        Encoding.UTF8.GetBytes(secret, utf8);
        return SHA256.HashData(utf8);
    }

    public static string PrefixOf(string secret) => secret.Length <= PrefixLength ? secret : secret[..PrefixLength];

    /// <summary>True when the text has the shape of a Fairdrop key; anything else is rejected before touching the database.</summary>
    public static bool LooksValid(string secret) => secret.StartsWith(Scheme, StringComparison.Ordinal) && secret.Length is > 20 and < 100;
}
