using System.Net;
using Fairdrop.Core.Outbound;
using Fairdrop.Testing;

namespace Fairdrop.Core.Tests.Outbound;

/// <summary>
/// The guarded handler against real Kestrel listeners on 127.0.0.1, with names resolved through a table (the
/// <c>.test</c> names exist nowhere else, so reaching a listener proves the checked address was the one used).
/// </summary>
public sealed class OutboundGuardConnectTests
{
    private static readonly IPAddress[] Loopback = [IPAddress.Loopback];

    [Fact]
    public async Task Send_NameResolvingToLoopback_RefusedInFairdropWordsAndListenerGetsNothing()
    {
        await using var listener = await CountingListener.StartAsync();
        using var client = new HttpClient(TestGuard.Create(names: new() { ["hooks.shop.test"] = Loopback }).CreateHandler());

        var exception = await Assert.ThrowsAsync<HttpRequestException>(() => client.PostAsync($"http://hooks.shop.test:{listener.Port}/hooks", null));

        Assert.True(OutboundFailure.IsRefused(exception));
        Assert.Equal("destination refused: hooks.shop.test resolves to a loopback address", OutboundFailure.Describe(exception));
        Assert.Equal(0, listener.Requests);
    }

    [Fact]
    public async Task Send_NameResolvingToAPublicAndALoopbackAddress_Refused()
    {
        await using var listener = await CountingListener.StartAsync();
        var names = new Dictionary<string, IPAddress[]> { ["hooks.shop.test"] = [IPAddress.Parse("93.184.216.34"), IPAddress.Parse("::ffff:127.0.0.1")] };
        using var client = new HttpClient(TestGuard.Create(names: names).CreateHandler());

        var exception = await Assert.ThrowsAsync<HttpRequestException>(() => client.PostAsync($"http://hooks.shop.test:{listener.Port}/hooks", null));

        Assert.Equal("destination refused: hooks.shop.test resolves to a loopback address", OutboundFailure.Describe(exception));
        Assert.Equal(0, listener.Requests);
    }

    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("[::ffff:127.0.0.1]")]
    [InlineData("2130706433")]
    [InlineData("localhost")]
    public async Task Send_LoopbackSpellingNotAllowListed_RefusedAndListenerGetsNothing(string host)
    {
        await using var listener = await CountingListener.StartAsync();
        using var client = new HttpClient(TestGuard.Create().CreateHandler());

        var exception = await Assert.ThrowsAsync<HttpRequestException>(() => client.PostAsync($"http://{host}:{listener.Port}/hooks", null));

        Assert.True(OutboundFailure.IsRefused(exception), OutboundFailure.Describe(exception));
        Assert.Equal(0, listener.Requests);
    }

    [Fact]
    public async Task Send_AllowListedAddress_ConnectsToTheCheckedAddressAfterOneLookup()
    {
        await using var listener = await CountingListener.StartAsync();
        var lookups = 0;
        var guard = TestGuard.Create(networks: ["127.0.0.1"], names: new() { ["hooks.shop.test"] = Loopback }, lookedUp: _ => Interlocked.Increment(ref lookups));
        using var client = new HttpClient(guard.CreateHandler());

        using var response = await client.PostAsync($"http://hooks.shop.test:{listener.Port}/hooks", null);

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Equal((1, 1), (listener.Requests, lookups));
    }

    [Fact]
    public async Task Send_AllowListedServerRedirectsToLoopback_RedirectNotFollowed()
    {
        await using var target = await CountingListener.StartAsync();
        await using var redirecting = await CountingListener.StartAsync(redirectTo: $"http://127.0.0.1:{target.Port}/internal");
        using var client = new HttpClient(TestGuard.Create(networks: ["127.0.0.1"]).CreateHandler());

        using var response = await client.PostAsync($"http://127.0.0.1:{redirecting.Port}/hooks", null);

        Assert.Equal(HttpStatusCode.Found, response.StatusCode);
        Assert.Equal((1, 0), (redirecting.Requests, target.Requests));
    }

    [Fact]
    public async Task Send_NothingListening_DescribedWithoutTheSocketsText()
    {
        using var client = new HttpClient(TestGuard.Create(networks: ["127.0.0.1"]).CreateHandler());

        var exception = await Assert.ThrowsAsync<HttpRequestException>(() => client.PostAsync("http://127.0.0.1:1/hooks", null));

        Assert.False(OutboundFailure.IsRefused(exception));
        Assert.Equal("connection failed", OutboundFailure.Describe(exception));
    }
}
