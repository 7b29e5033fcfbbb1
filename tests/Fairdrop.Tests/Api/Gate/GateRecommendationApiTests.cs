using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Fairdrop.Tests.Api.Gate;

/// <summary>Recommendations under /api/v1/gate: over the merchant's recorded decisions, bad input as stable problems, accepting in shadow mode.</summary>
public sealed class GateRecommendationApiTests : IAsyncLifetime
{
    private const string Rule = """
        rule rec_add_to_cart_by_ip_under_300ms "fast carts"
          when since_last("add_to_cart", ip) < 300ms
          then challenge
        """;

    private GateNode _node = null!;

    private HttpClient _client = null!;

    private WebApplicationFactory<Program> _gate = null!;

    public async Task InitializeAsync()
    {
        _node = await GateNode.CreateAsync();
        (_client, _gate) = (_node.Client, _node.Gate);
    }

    public async Task DisposeAsync() => await _node.DisposeAsync();

    [Fact]
    public async Task GetRecommendations_NoRecordedTraffic_SaysNotEnoughTraffic()
    {
        var report = await _client.GetFromJsonAsync<JsonElement>("/api/v1/gate/recommendations");

        Assert.Equal("not_enough_traffic", report.GetProperty("status").GetString());
        Assert.Empty(report.GetProperty("recommendations").EnumerateArray());
    }

    [Theory]
    [InlineData("/api/v1/gate/recommendations?maxHumanCost=0", "invalid_max_human_cost")]
    [InlineData("/api/v1/gate/recommendations?maxHumanCost=0.9", "invalid_max_human_cost")]
    [InlineData("/api/v1/gate/recommendations?candidates=0", "invalid_candidates")]
    public async Task GetRecommendations_BadInput_ProblemWithStableCode(string url, string code) =>
        await ProblemAssert.IsProblemAsync(await _client.GetAsync(url), HttpStatusCode.BadRequest, code);

    [Fact]
    public async Task Accept_Rule_StartsInShadowAndIsListedAsATrial()
    {
        var accepted = await _client.PostAsJsonAsync("/api/v1/gate/recommendations", new { rule = Rule });
        var running = await _client.GetFromJsonAsync<JsonElement>("/api/v1/gate/rules");
        var trials = await _client.GetFromJsonAsync<JsonElement>("/api/v1/gate/recommendations/trials");
        var again = await _client.PostAsJsonAsync("/api/v1/gate/recommendations", new { rule = Rule });

        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
        Assert.Contains("rule rec_add_to_cart_by_ip_under_300ms \"fast carts\" shadow", running.GetProperty("source").GetString(), StringComparison.Ordinal);
        Assert.Equal("rec_add_to_cart_by_ip_under_300ms", Assert.Single(trials.GetProperty("items").EnumerateArray()).GetProperty("name").GetString());
        await ProblemAssert.IsProblemAsync(again, HttpStatusCode.Conflict, "rule_exists");

        var promoted = await _client.PostAsync("/api/v1/gate/recommendations/trials/rec_add_to_cart_by_ip_under_300ms/promote", null);
        running = await _client.GetFromJsonAsync<JsonElement>("/api/v1/gate/rules");
        Assert.Equal(HttpStatusCode.OK, promoted.StatusCode);
        Assert.DoesNotContain(" shadow", running.GetProperty("source").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Accept_BadRule_ProblemWithStableCode()
    {
        await ProblemAssert.IsProblemAsync(await _client.PostAsJsonAsync("/api/v1/gate/recommendations", new { rule = "rule x when custmer.age < 1h then block" }), HttpStatusCode.BadRequest, "invalid_rule");
        await ProblemAssert.IsProblemAsync(await _client.PostAsJsonAsync("/api/v1/gate/recommendations", new { }), HttpStatusCode.BadRequest, "invalid_rule");
        await ProblemAssert.IsProblemAsync(await _client.PostAsync("/api/v1/gate/recommendations/trials/none/promote", null), HttpStatusCode.NotFound, "not_found");
    }

    [Fact]
    public async Task PutLabels_WritesEvidenceAndRefusesBadOnes()
    {
        var put = await _client.PutAsJsonAsync("/api/v1/gate/labels", new[] { new { shopper = "c-1", evidence = new { purchases = 1 } } });

        Assert.Equal(1, (await put.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("written").GetInt32());
        await ProblemAssert.IsProblemAsync(await _client.PutAsJsonAsync("/api/v1/gate/labels", Array.Empty<object>()), HttpStatusCode.BadRequest, "invalid_labels");
    }
}
