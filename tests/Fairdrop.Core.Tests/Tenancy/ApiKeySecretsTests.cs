using Fairdrop.Core.Tenancy;

namespace Fairdrop.Core.Tests.Tenancy;

public sealed class ApiKeySecretsTests
{
    [Fact]
    public void Create_ReturnsDistinctSchemedKeys()
    {
        var keys = Enumerable.Range(0, 1000).Select(_ => ApiKeySecrets.Create()).ToList();

        Assert.All(keys, k => Assert.StartsWith("fdk_", k, StringComparison.Ordinal));
        Assert.All(keys, k => Assert.True(ApiKeySecrets.LooksValid(k)));
        Assert.Equal(keys.Count, keys.Distinct(StringComparer.Ordinal).Count());
    }

    [Fact]
    public void Hash_SameKey_SameHash_OtherKey_OtherHash()
    {
        var key = ApiKeySecrets.Create();

        Assert.Equal(ApiKeySecrets.Hash(key), ApiKeySecrets.Hash(key));
        Assert.NotEqual(ApiKeySecrets.Hash(key), ApiKeySecrets.Hash(key + "x"));
        Assert.Equal(32, ApiKeySecrets.Hash(key).Length);
    }

    [Theory]
    [InlineData("")]
    [InlineData("Bearer")]
    [InlineData("fdk_short")]
    [InlineData("sk_live_0000000000000000000000000000")]
    public void LooksValid_RejectsForeignShapes(string candidate) => Assert.False(ApiKeySecrets.LooksValid(candidate));

    [Fact]
    public void PrefixOf_KeepsOnlyTheStart()
    {
        var key = ApiKeySecrets.Create();

        Assert.Equal(ApiKeySecrets.PrefixLength, ApiKeySecrets.PrefixOf(key).Length);
        Assert.StartsWith(ApiKeySecrets.PrefixOf(key), key, StringComparison.Ordinal);
    }
}
