using System.Net;
using System.Text.Json;
using Fairdrop.Gate.Decisions;
using Microsoft.Extensions.DependencyInjection;

namespace Fairdrop.Gate.Tests.Hosting;

public sealed class ProxyEndToEndTests(ProxyFixture proxy) : IClassFixture<ProxyFixture>
{
    [Fact]
    public async Task Proxy_BotHammeringAddToCart_IsBlockedWhileHumanPacedShopperPasses()
    {
        using var client = proxy.Client();
        var bot = new List<HttpStatusCode>();
        var human = new List<HttpStatusCode>();
        for (var i = 0; i < 10; i++)
        {
            // A bot adds to cart every 100 ms...
            bot.Add((await SendAsync(client, HttpMethod.Post, "/cart/add.js", customer: "bot-1", ua: "Mozilla/5.0")).StatusCode);
            proxy.Time.Advance(TimeSpan.FromMilliseconds(100));
        }

        for (var i = 0; i < 3; i++)
        {
            // ...while a shopper looks at the product, thinks for a few seconds, then adds it.
            human.Add((await SendAsync(client, HttpMethod.Get, "/products/hyped-sneaker", customer: "shopper-1", ua: "Mozilla/5.0")).StatusCode);
            proxy.Time.Advance(TimeSpan.FromSeconds(4));
            human.Add((await SendAsync(client, HttpMethod.Post, "/cart/add.js", customer: "shopper-1", ua: "Mozilla/5.0")).StatusCode);
            human.Add((await SendAsync(client, HttpMethod.Get, "/cart", customer: "shopper-1", ua: "Mozilla/5.0")).StatusCode);
            proxy.Time.Advance(TimeSpan.FromSeconds(2));
        }

        Assert.Equal(HttpStatusCode.OK, bot[0]);
        Assert.All(bot.Skip(1), status => Assert.Equal(HttpStatusCode.TooManyRequests, status));
        Assert.Equal(9, human.Count);
        Assert.All(human, status => Assert.Equal(HttpStatusCode.OK, status));
    }

    [Fact]
    public async Task Proxy_Blocked_AnswersProblemDetailsNamingTheRule()
    {
        using var client = proxy.Client();

        var response = await SendAsync(client, HttpMethod.Get, "/products/x", customer: "scraper", ua: "python-requests/2.31");

        Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("gate_blocked", problem.RootElement.GetProperty("code").GetString());
        Assert.Equal("scripted_clients", problem.RootElement.GetProperty("rule").GetString());
    }

    [Fact]
    public async Task Proxy_BlockedBrowser_GetsAnHtmlPage()
    {
        using var client = proxy.Client();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/");
        request.Headers.UserAgent.ParseAdd("curl/8.5.0");
        request.Headers.Accept.ParseAdd("text/html");

        var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
        Assert.Contains("<h1>Request blocked</h1>", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Proxy_SpoofedForwardedForFromUntrustedClient_IsIgnored()
    {
        using var client = proxy.Client();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/products/a");
        request.Headers.Add("X-Forwarded-For", "198.51.100.7");
        request.Headers.UserAgent.ParseAdd("Mozilla/5.0");

        var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("upstream:/products/a", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Proxy_HugeHeader_IsRejectedAndGateKeepsServing()
    {
        using var client = proxy.Client();
        using var huge = new HttpRequestMessage(HttpMethod.Get, "/products/a");
        huge.Headers.TryAddWithoutValidation("User-Agent", new string('a', 200_000));

        var rejected = await client.SendAsync(huge);
        var after = await SendAsync(client, HttpMethod.Get, "/products/a", customer: "after-huge", ua: "Mozilla/5.0");

        Assert.Equal(HttpStatusCode.RequestHeaderFieldsTooLarge, rejected.StatusCode);
        Assert.Equal(HttpStatusCode.OK, after.StatusCode);
    }

    [Fact]
    public async Task Proxy_Decisions_AreWrittenAndQueryablePerMerchant()
    {
        using var client = proxy.Client();
        await SendAsync(client, HttpMethod.Get, "/products/logged", customer: "logged-bot", ua: "scrapy/2.11");
        var store = proxy.Services.GetRequiredService<DecisionStore>();

        IReadOnlyList<DecisionRecord> found = [];
        for (var attempt = 0; attempt < 200 && found.Count == 0; attempt++)
        {
            found = (await store.ListAsync(ProxyFixture.MerchantId, new DecisionQuery(Decision: "block"), CancellationToken.None))
                .Where(d => d.CustomerId == "logged-bot").ToList();
            await Task.Delay(50);
        }

        var decision = Assert.Single(found);
        Assert.Equal("scripted_clients", decision.Rule);
        Assert.Equal("view_product", decision.Action);
        Assert.Equal("logged", decision.ProductId);
        Assert.Empty(await store.ListAsync(Guid.NewGuid(), new DecisionQuery(), CancellationToken.None));
    }

    private static async Task<HttpResponseMessage> SendAsync(HttpClient client, HttpMethod method, string path, string customer, string ua)
    {
        using var request = new HttpRequestMessage(method, path);
        request.Headers.Add("Cookie", "customer_id=" + customer);
        request.Headers.UserAgent.ParseAdd(ua);
        return await client.SendAsync(request);
    }
}
