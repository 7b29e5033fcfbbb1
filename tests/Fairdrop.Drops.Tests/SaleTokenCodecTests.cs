using System.Security.Cryptography;
using Fairdrop.Drops.Tokens;

namespace Fairdrop.Drops.Tests;

public sealed class SaleTokenCodecTests
{
    private static readonly byte[] Key = RandomNumberGenerator.GetBytes(32);
    private static readonly SaleToken Token = new(Guid.CreateVersion7(), Guid.CreateVersion7(), Guid.CreateVersion7(), "shopper-1", DateTimeOffset.FromUnixTimeMilliseconds(1_800_000_000_000));

    [Fact]
    public void Decode_OwnToken_GivesBackItsClaims()
    {
        var decoded = SaleTokenCodec.Decode(SaleTokenCodec.Encode(Token, Key), Key, "shopper-1");

        Assert.NotNull(decoded);
        Assert.Equal((Token.TokenId, Token.DropId, Token.EntryId, Token.ExpiresAt, true), decoded.Value);
    }

    [Fact]
    public void Decode_AnotherShopper_IsFlaggedAsNotTheirs() =>
        Assert.False(SaleTokenCodec.Decode(SaleTokenCodec.Encode(Token, Key), Key, "shopper-2")!.Value.ShopperMatches);

    [Fact]
    public void Decode_AnyAlteredCharacter_IsRefused()
    {
        var text = SaleTokenCodec.Encode(Token, Key);
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '.')
            {
                continue;
            }

            var altered = text[..i] + (text[i] == 'A' ? 'B' : 'A') + text[(i + 1)..];
            var decoded = SaleTokenCodec.Decode(altered, Key, "shopper-1");
            Assert.True(decoded is null, $"altering character {i} was accepted");
        }
    }

    [Theory]
    [InlineData("")]
    [InlineData(".")]
    [InlineData("abc.def")]
    [InlineData("not a token at all")]
    public void Decode_Garbage_IsRefused(string text) => Assert.Null(SaleTokenCodec.Decode(text, Key, "shopper-1"));

    [Fact]
    public void Decode_UnderAnotherDropsKey_IsRefused() =>
        Assert.Null(SaleTokenCodec.Decode(SaleTokenCodec.Encode(Token, Key), RandomNumberGenerator.GetBytes(32), "shopper-1"));
}
