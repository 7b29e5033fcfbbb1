using System.Buffers.Text;
using System.Security.Cryptography;

namespace Fairdrop.Exchange.Channels.WebPush;

/// <summary>An application server's VAPID key pair (P-256): the public key is the browsers' <c>applicationServerKey</c>.</summary>
internal sealed record VapidKeys(byte[] PublicKey, byte[] PrivateKey)
{
    public string PublicKeyText => Base64Url.EncodeToString(PublicKey);

    public static VapidKeys Generate()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var parameters = key.ExportParameters(true);
        return new VapidKeys(P256.ExportPublic(parameters), parameters.D!);
    }

    /// <summary>The pair from its base64url texts; null when they are not a matching P-256 pair.</summary>
    public static VapidKeys? TryParse(string? publicKey, string? privateKey)
    {
        var point = SubscriptionValidation.Decode(publicKey, P256.PublicKeyLength);
        var scalar = SubscriptionValidation.Decode(privateKey, P256.PrivateKeyLength);
        if (point is null || scalar is null)
        {
            return null;
        }

        try
        {
            using var key = ECDsa.Create(P256.PrivateParameters(scalar, point));
            var data = "vapid"u8;
            return key.VerifyData(data, key.SignData(data, HashAlgorithmName.SHA256), HashAlgorithmName.SHA256) ? new VapidKeys(point, scalar) : null;
        }
        catch (CryptographicException)
        {
            return null;
        }
    }

    public ECDsa CreateSigner() => ECDsa.Create(P256.PrivateParameters(PrivateKey, PublicKey));
}
