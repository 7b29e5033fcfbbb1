using System.Security.Cryptography;

namespace Fairdrop.Exchange.Channels.WebPush;

/// <summary>P-256 keys in the shapes web push uses: 65-byte uncompressed points (0x04 ‖ X ‖ Y) and 32-byte private scalars.</summary>
internal static class P256
{
    public const int PublicKeyLength = 65;
    public const int PrivateKeyLength = 32;

    /// <summary>The uncompressed point of a key's public half.</summary>
    public static byte[] ExportPublic(ECParameters parameters)
    {
        var point = new byte[PublicKeyLength];
        point[0] = 0x04;
        parameters.Q.X!.CopyTo(point, 1);
        parameters.Q.Y!.CopyTo(point, 33);
        return point;
    }

    /// <summary>Parameters for a public point; throws <see cref="CryptographicException"/> on import when it is not on the curve.</summary>
    public static ECParameters PublicParameters(ReadOnlySpan<byte> point)
    {
        if (point.Length != PublicKeyLength || point[0] != 0x04)
        {
            throw new CryptographicException("A P-256 public key is a 65-byte uncompressed point.");
        }

        return new ECParameters
        {
            Curve = ECCurve.NamedCurves.nistP256,
            Q = new ECPoint { X = point[1..33].ToArray(), Y = point[33..].ToArray() },
        };
    }

    /// <summary>Parameters for a private scalar and its public point.</summary>
    public static ECParameters PrivateParameters(ReadOnlySpan<byte> privateKey, ReadOnlySpan<byte> publicPoint)
    {
        var parameters = PublicParameters(publicPoint);
        parameters.D = privateKey.ToArray();
        return parameters;
    }

    /// <summary>Whether the bytes are a valid uncompressed P-256 point (on the curve, not the identity).</summary>
    public static bool IsValidPublicKey(ReadOnlySpan<byte> point)
    {
        try
        {
            using var key = ECDiffieHellman.Create(PublicParameters(point));
            return true;
        }
        catch (CryptographicException)
        {
            return false;
        }
    }
}
