using System.Net;
using static Fairdrop.Tests.Api.Exchange.ExchangeApi;

namespace Fairdrop.Tests.Api;

/// <summary>One paging rule for every list: <c>limit</c> 1–1000, anything else a 400 naming <c>limit</c>, never clamped.</summary>
public sealed class PagingTests : IAsyncLifetime
{
    private FairdropFactory _app = null!;

    public async Task InitializeAsync() => _app = await FairdropFactory.CreateAsync();

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Theory]
    [InlineData("/api/v1/restock/products", 0)]
    [InlineData("/api/v1/restock/products", 1001)]
    [InlineData("/api/v1/restock/subscriptions", 5000)]
    public async Task MerchantList_LimitOutsideTheRule_Is400NamingLimit(string path, int limit)
    {
        var merchant = await MerchantAsync(_app);

        var body = await ProblemAssert.IsProblemAsync(await merchant.GetAsync($"{path}?limit={limit}"), HttpStatusCode.BadRequest, "validation_failed");

        Assert.True(body.GetProperty("errors").TryGetProperty("limit", out _));
    }

    [Theory]
    [InlineData("/api/v1/merchants", 1001, HttpStatusCode.BadRequest)]
    [InlineData("/api/v1/batch/executions", 1000, HttpStatusCode.OK)]
    [InlineData("/api/v1/batch/executions", 1001, HttpStatusCode.BadRequest)]
    public async Task OperatorList_FollowsTheSameRule(string path, int limit, HttpStatusCode expected)
    {
        var response = await _app.CreateOperatorClient().GetAsync($"{path}?limit={limit}");

        Assert.Equal(expected, response.StatusCode);
    }
}
