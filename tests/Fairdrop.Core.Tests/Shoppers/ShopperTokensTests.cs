using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Fairdrop.Core.Shoppers;

namespace Fairdrop.Core.Tests.Shoppers;

public sealed class ShopperTokensTests
{
    private const string Secret = "fdss_test-secret-0123456789abcdefghijklmnop";
    private static readonly DateTimeOffset Now = DateTimeOffset.Parse("2026-11-22T10:00:00Z", System.Globalization.CultureInfo.InvariantCulture);
    private static readonly Guid Drop = Guid.Parse("0193a1b2-0000-7000-8000-000000000001");

    [Fact]
    public void Verify_TokenSignedTheDocumentedWay_NamesTheCanonicalShopper()
    {
        var token = ShopperTokens.Verify(DocumentedShopperToken(Secret, "Customer-42", Now), [Secret], Now, Drop);

        Assert.Equal("customer-42", token.Value?.ShopperId);
        Assert.Null(token.Value?.Audience);
    }

    [Fact]
    public void Verify_SignedWithAnotherSecretOrAltered_IsRefused()
    {
        var token = ShopperTokens.Sign(Secret, "alice", Now.AddMinutes(10));
        var parts = token.Split('.');
        var swapped = $"{parts[0]}.{ShopperTokens.Sign(Secret, "mallory", Now.AddMinutes(10)).Split('.')[1]}.{parts[2]}";

        Assert.Equal("invalid_token", ShopperTokens.Verify(ShopperTokens.Sign("fdss_another-merchants-secret-000000000000", "alice", Now.AddMinutes(10)), [Secret], Now).Error?.Code);
        Assert.Equal("invalid_token", ShopperTokens.Verify(swapped, [Secret], Now).Error?.Code);
        Assert.Equal("invalid_token", ShopperTokens.Verify(token[..^1] + (token[^1] == 'A' ? 'B' : 'A'), [Secret], Now).Error?.Code);
        Assert.Equal("invalid_token", ShopperTokens.Verify("not a token", [Secret], Now).Error?.Code);
        Assert.True(ShopperTokens.Verify(token, [Secret], Now).IsSuccess);
    }

    [Fact]
    public void Verify_ExpiredOrLivingOverAnHour_IsRefused_WithinTheSkew_IsAccepted()
    {
        var token = ShopperTokens.Sign(Secret, "alice", Now.AddMinutes(10));

        Assert.True(ShopperTokens.Verify(token, [Secret], Now.AddMinutes(10).AddSeconds(29)).IsSuccess);
        Assert.Contains("expired", ShopperTokens.Verify(token, [Secret], Now.AddMinutes(10).AddSeconds(30)).Error?.Message, StringComparison.Ordinal);
        Assert.Contains("too long", ShopperTokens.Verify(ShopperTokens.Sign(Secret, "alice", Now.AddHours(2)), [Secret], Now).Error?.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Verify_AudienceOfAnotherDrop_IsRefused_ThisDropOrMerchant_IsAccepted()
    {
        var merchant = Guid.CreateVersion7();

        Assert.Equal(Drop, ShopperTokens.Verify(ShopperTokens.Sign(Secret, "alice", Now.AddMinutes(5), Drop), [Secret], Now, Drop, merchant).Value?.Audience);
        Assert.True(ShopperTokens.Verify(ShopperTokens.Sign(Secret, "alice", Now.AddMinutes(5), merchant), [Secret], Now, Drop, merchant).IsSuccess);
        Assert.Equal("invalid_token", ShopperTokens.Verify(ShopperTokens.Sign(Secret, "alice", Now.AddMinutes(5), Guid.CreateVersion7()), [Secret], Now, Drop, merchant).Error?.Code);
    }

    [Theory]
    [InlineData("""{"alg":"none"}""")]
    [InlineData("""{"alg":"HS512"}""")]
    [InlineData("""{"alg":"HS256","crit":["b64"]}""")]
    public void Verify_HeaderOtherThanHs256_IsRefused_EvenWhenSigned(string headerJson)
    {
        var header = Base64Url.EncodeToString(Encoding.UTF8.GetBytes(headerJson));
        var claims = Base64Url.EncodeToString(Encoding.UTF8.GetBytes($$"""{"sub":"alice","exp":{{Now.AddMinutes(5).ToUnixTimeSeconds()}}}"""));
        var signature = Base64Url.EncodeToString(HMACSHA256.HashData(Encoding.UTF8.GetBytes(Secret), Encoding.UTF8.GetBytes($"{header}.{claims}")));

        Assert.Equal("invalid_token", ShopperTokens.Verify($"{header}.{claims}.{signature}", [Secret], Now).Error?.Code);
    }

    [Fact]
    public void Verify_PreviousSecretInTheList_StillVerifies() =>
        Assert.True(ShopperTokens.Verify(ShopperTokens.Sign("fdss_previous-secret-00000000000000000000", "alice", Now.AddMinutes(5)),
            [Secret, "fdss_previous-secret-00000000000000000000"], Now).IsSuccess);

    /// <summary>The C# recipe of docs/drops.md, word for word.</summary>
    private static string DocumentedShopperToken(string secret, string shopperId, DateTimeOffset now)
    {
        var header = Base64Url.EncodeToString("""{"alg":"HS256","typ":"JWT"}"""u8);
        var claims = Base64Url.EncodeToString(JsonSerializer.SerializeToUtf8Bytes(new { sub = shopperId, exp = now.AddMinutes(10).ToUnixTimeSeconds() }));
        var signature = HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes($"{header}.{claims}"));
        return $"{header}.{claims}.{Base64Url.EncodeToString(signature)}";
    }
}
