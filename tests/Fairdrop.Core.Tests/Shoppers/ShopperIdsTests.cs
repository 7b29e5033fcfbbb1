using CsCheck;
using Fairdrop.Core.Shoppers;

namespace Fairdrop.Core.Tests.Shoppers;

public sealed class ShopperIdsTests
{
    [Theory]
    [InlineData("S1")]
    [InlineData("ｓ1")] // fullwidth small s
    [InlineData("Ｓ１")] // fullwidth capital S and digit one
    [InlineData("  s1\t")]
    public void Canonicalize_CaseWidthAndSpaceVariants_AreOneShopper(string variant) =>
        Assert.Equal("s1", ShopperIds.Canonicalize(variant).Value);

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("s\01")]
    [InlineData("s\u00071")]
    [InlineData("s\u200B1")] // zero-width space: looks like "s1"
    [InlineData("s\u202E1")] // right-to-left override
    [InlineData("s\uE0001")] // private use
    public void Canonicalize_EmptyControlFormatOrBrokenText_IsRefused(string raw)
    {
        var result = ShopperIds.Canonicalize(raw);

        Assert.Equal("validation_failed", result.Error?.Code);
        Assert.Equal("shopperId", result.Error?.Field);
    }

    [Fact]
    public void Canonicalize_LoneSurrogate_IsRefused_NotThrown() =>
        // Built at run time: a lone surrogate does not survive an attribute's UTF-8 metadata. string.Normalize throws on it.
        Assert.False(ShopperIds.Canonicalize("s" + (char)0xD800 + "1").IsSuccess);

    [Fact]
    public void Canonicalize_OverTheMaxLength_IsRefused_AtTheMax_IsKept()
    {
        Assert.False(ShopperIds.Canonicalize(new string('a', ShopperIds.MaxLength + 1)).IsSuccess);
        Assert.True(ShopperIds.Canonicalize(new string('A', ShopperIds.MaxLength)).IsSuccess);
        // A compatibility character that expands past the limit: U+FDFA is one character and 18 after NFKC.
        Assert.False(ShopperIds.Canonicalize(new string('\uFDFA', 20)).IsSuccess);
    }

    [Fact]
    public void Canonicalize_IsIdempotent() =>
        Gen.String.Sample(raw =>
        {
            var once = ShopperIds.Canonicalize(raw);
            return !once.IsSuccess || ShopperIds.Canonicalize(once.Value).Value == once.Value;
        }, iter: 20_000);
}
