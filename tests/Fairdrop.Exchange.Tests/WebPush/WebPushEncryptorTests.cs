using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using Fairdrop.Exchange.Channels.WebPush;
using Fairdrop.Testing.WebPush;

namespace Fairdrop.Exchange.Tests.WebPush;

public sealed class WebPushEncryptorTests
{
    // RFC 8291 §5 / Appendix A: the worked example's keys, salt and the exact message body.
    private const string Plaintext = "When I grow up, I want to be a watermelon";
    private const string AsPublic = "BP4z9KsN6nGRTbVYI_c7VJSPQTBtkgcy27mlmlMoZIIgDll6e3vCYLocInmYWAmS6TlzAC8wEqKK6PBru3jl7A8";
    private const string AsPrivate = "yfWPiYE-n46HLnH0KqZOF1fJJU3MYrct3AELtAQ-oRw";
    private const string UaPublic = "BCVxsr7N_eNgVRqvHtD0zTZsEc6-VV-JvLexhqUzORcxaOzi6-AYWXvTBHm4bjyPjs7Vd8pZGH6SRpkNtoIAiw4";
    private const string UaPrivate = "q1dXpw3UpT5VOmu_cf_v6ih07Aems3njxI-JWgLcM94";
    private const string Salt = "DGv6ra1nlYgDCS1FRnbzlw";
    private const string AuthSecret = "BTBZMqHH6r4Tts7J_aSIgg";
    private const string Body =
        "DGv6ra1nlYgDCS1FRnbzlwAAEABBBP4z9KsN6nGRTbVYI_c7VJSPQTBtkgcy27ml" +
        "mlMoZIIgDll6e3vCYLocInmYWAmS6TlzAC8wEqKK6PBru3jl7A_yl95bQpu6cVPT" +
        "pK4Mqgkf1CXztLVBSt2Ks3oZwbuwXPXLWyouBWLVWGNWQexSgSxsj_Qulcy4a-fN";

    [Fact]
    public void Encrypt_Rfc8291AppendixA_ProducesTheExactBody()
    {
        using var ephemeral = Key(AsPrivate, AsPublic);

        var body = WebPushEncryptor.Encrypt(Encoding.UTF8.GetBytes(Plaintext), D(UaPublic), D(AuthSecret), ephemeral, D(Salt));

        Assert.Equal(Body, Base64Url.EncodeToString(body));
    }

    [Fact]
    public void Decrypt_Rfc8291AppendixA_SubscriberReadsThePlaintext()
    {
        using var subscriber = new PushSubscriber(Key(UaPrivate, UaPublic), D(AuthSecret));

        var plaintext = subscriber.Decrypt(D(Body));

        Assert.Equal(Plaintext, Encoding.UTF8.GetString(plaintext!));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(15)]
    [InlineData(16)]
    [InlineData(3992)]
    [InlineData(WebPushEncryptor.MaxPlaintextLength)]
    public void Encrypt_FreshKeys_SubscriberDecryptsByteExactAndBodyFitsFourKilobytes(int length)
    {
        using var subscriber = new PushSubscriber();
        var plaintext = RandomNumberGenerator.GetBytes(length);

        var body = WebPushEncryptor.Encrypt(plaintext, subscriber.PublicKey, subscriber.Auth);

        Assert.Equal(plaintext, subscriber.Decrypt(body));
        Assert.Equal(86 + length + 1 + 16, body.Length);
        Assert.True(body.Length <= 4096);
    }

    [Fact]
    public void Encrypt_TwoMessages_FreshSaltAndEphemeralKeyEachTime()
    {
        using var subscriber = new PushSubscriber();

        var first = WebPushEncryptor.Encrypt("same"u8, subscriber.PublicKey, subscriber.Auth);
        var second = WebPushEncryptor.Encrypt("same"u8, subscriber.PublicKey, subscriber.Auth);

        Assert.NotEqual(first[..16], second[..16]);
        Assert.NotEqual(first[21..86], second[21..86]);
    }

    [Fact]
    public void Encrypt_OneByteOverTheLimit_Throws()
    {
        using var subscriber = new PushSubscriber();

        Assert.Throws<ArgumentOutOfRangeException>(() => WebPushEncryptor.Encrypt(new byte[WebPushEncryptor.MaxPlaintextLength + 1], subscriber.PublicKey, subscriber.Auth));
    }

    [Fact]
    public void Decrypt_TamperedBody_Fails()
    {
        using var subscriber = new PushSubscriber();
        var body = WebPushEncryptor.Encrypt("hello"u8, subscriber.PublicKey, subscriber.Auth);
        body[90] ^= 1;

        Assert.Null(subscriber.Decrypt(body));
    }

    private static byte[] D(string text) => Base64Url.DecodeFromChars(text);

    private static ECDiffieHellman Key(string privateKey, string publicKey)
    {
        var point = D(publicKey);
        return ECDiffieHellman.Create(new ECParameters
        {
            Curve = ECCurve.NamedCurves.nistP256,
            D = D(privateKey),
            Q = new ECPoint { X = point[1..33], Y = point[33..] },
        });
    }
}
