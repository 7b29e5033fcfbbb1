using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Fairdrop.Exchange.Channels.WebPush;
using Microsoft.Extensions.Time.Testing;

namespace Fairdrop.Exchange.Tests.WebPush;

public sealed class VapidTokensTests
{
    private static readonly Uri Endpoint = new("https://push.example.net/wpush/v2/abc");

    [Fact]
    public void Authorization_SameOriginUntilAnHourBeforeExpiry_SignedOnce()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
        using var tokens = new VapidTokens(VapidKeys.Generate(), "mailto:ops@shop.example", TimeSpan.FromHours(12), time);

        var first = tokens.Authorization(Endpoint);
        time.Advance(TimeSpan.FromHours(10));
        var second = tokens.Authorization(new Uri("https://push.example.net/other"));
        time.Advance(TimeSpan.FromHours(1) + TimeSpan.FromSeconds(1));
        var third = tokens.Authorization(Endpoint);

        Assert.Equal(first, second);
        Assert.NotEqual(first, third);
        Assert.Equal(2, tokens.Signed);
    }

    [Fact]
    public void Authorization_OtherOrigin_OwnToken()
    {
        using var tokens = new VapidTokens(VapidKeys.Generate(), "mailto:ops@shop.example", TimeSpan.FromHours(12), TimeProvider.System);

        tokens.Authorization(Endpoint);
        tokens.Authorization(new Uri("https://fcm.googleapis.com/fcm/send/x"));

        Assert.Equal(2, tokens.Signed);
    }

    [Fact]
    public void Authorization_Header_Es256JwtVerifiesWithK()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
        var keys = VapidKeys.Generate();
        using var tokens = new VapidTokens(keys, "mailto:ops@shop.example", TimeSpan.FromHours(12), time);

        var header = tokens.Authorization(Endpoint);

        Assert.StartsWith("vapid t=", header, StringComparison.Ordinal);
        var jwt = header["vapid t=".Length..header.IndexOf(',', StringComparison.Ordinal)];
        Assert.EndsWith(", k=" + keys.PublicKeyText, header, StringComparison.Ordinal);
        var parts = jwt.Split('.');
        var point = Base64Url.DecodeFromChars(header.AsSpan(header.IndexOf("k=", StringComparison.Ordinal) + 2));
        using var ecdsa = ECDsa.Create(new ECParameters { Curve = ECCurve.NamedCurves.nistP256, Q = new ECPoint { X = point[1..33], Y = point[33..] } });
        Assert.True(ecdsa.VerifyData(Encoding.ASCII.GetBytes(parts[0] + "." + parts[1]), Base64Url.DecodeFromChars(parts[2]), HashAlgorithmName.SHA256));
        using var claims = JsonDocument.Parse(Base64Url.DecodeFromChars(parts[1]));
        Assert.Equal("https://push.example.net", claims.RootElement.GetProperty("aud").GetString());
        Assert.Equal(time.GetUtcNow().AddHours(12).ToUnixTimeSeconds(), claims.RootElement.GetProperty("exp").GetInt64());
        Assert.Equal("mailto:ops@shop.example", claims.RootElement.GetProperty("sub").GetString());
    }

    [Fact]
    public void TryParse_KeysOfDifferentPairs_Null()
    {
        var one = VapidKeys.Generate();
        var other = VapidKeys.Generate();

        Assert.NotNull(VapidKeys.TryParse(one.PublicKeyText, Base64Url.EncodeToString(one.PrivateKey)));
        Assert.Null(VapidKeys.TryParse(one.PublicKeyText, Base64Url.EncodeToString(other.PrivateKey)));
    }
}
