using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Fairdrop.Gate.Decisions;
using Fairdrop.Gate.Engine;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Fairdrop.Tests.Api.Gate;

/// <summary>The gate's endpoints under /api/v1/gate, on a node whose gate belongs to the calling merchant.</summary>
public sealed class GateApiTests : IAsyncLifetime
{
    private const string GoodRules = """
        rule cart_burst
          when action == "add_to_cart" and since_last("add_to_cart", customer) < 1s
          then block
        """;

    private GateNode _node = null!;

    private HttpClient _client = null!;

    private WebApplicationFactory<Program> _gate = null!;

    public async Task InitializeAsync()
    {
        _node = await GateNode.CreateAsync(("Fairdrop:Gate:DecisionLog:AllowedSampleRate", "1"));
        (_client, _gate) = (_node.Client, _node.Gate);
    }

    public async Task DisposeAsync() => await _node.DisposeAsync();

    [Fact]
    public async Task PutRules_BadRuleSet_Returns422WithDiagnosticsAndTheOldRulesStay()
    {
        var good = await _client.PutAsync("/api/v1/gate/rules", Text(GoodRules));
        var goodVersion = (await good.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("version").GetString();

        var bad = await _client.PutAsync("/api/v1/gate/rules", Text("rule typo when acton == \"checkout\" then block"));
        var diagnostics = (await bad.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("diagnostics");
        var running = await _client.GetFromJsonAsync<JsonElement>("/api/v1/gate/rules");

        Assert.Equal(HttpStatusCode.OK, good.StatusCode);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, bad.StatusCode);
        var error = Assert.Single(diagnostics.EnumerateArray(), d => d.GetProperty("severity").GetString() == "error");
        Assert.Equal(1, error.GetProperty("line").GetInt32());
        Assert.Equal(16, error.GetProperty("column").GetInt32());
        Assert.Equal("action", error.GetProperty("suggestion").GetString());
        Assert.Equal(goodVersion, running.GetProperty("version").GetString());
        Assert.Equal(GoodRules, running.GetProperty("source").GetString());
    }

    [Fact]
    public async Task CheckRules_DoesNotReplaceTheRunningRules()
    {
        await _client.PutAsync("/api/v1/gate/rules", Text(GoodRules));

        var check = await _client.PostAsync("/api/v1/gate/rules/check", Text("rule other when action == \"login\" then log"));
        var result = await check.Content.ReadFromJsonAsync<JsonElement>();
        var running = await _client.GetFromJsonAsync<JsonElement>("/api/v1/gate/rules");

        Assert.Equal(HttpStatusCode.OK, check.StatusCode);
        Assert.True(result.GetProperty("ok").GetBoolean());
        Assert.Equal(GoodRules, running.GetProperty("source").GetString());
    }

    [Fact]
    public async Task CheckAndPutRules_TwentyThousandOrTerms_AnswerTheTermLimitAndTheServerLives()
    {
        // Filed: this file overflowed the stack in the binder and killed the process for every merchant.
        var chain = "rule r1 when " + string.Join(" or ", Enumerable.Repeat("true", 20_000)) + " then block";
        await _client.PutAsync("/api/v1/gate/rules", Text(GoodRules));

        var check = await _client.PostAsync("/api/v1/gate/rules/check", Text(chain));
        var put = await _client.PutAsync("/api/v1/gate/rules", Text(chain));
        var running = await _client.GetFromJsonAsync<JsonElement>("/api/v1/gate/rules");

        Assert.Equal(HttpStatusCode.OK, check.StatusCode);
        var diagnostic = Assert.Single((await check.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("diagnostics").EnumerateArray());
        Assert.Equal("GATE018", diagnostic.GetProperty("code").GetString());
        Assert.Equal(HttpStatusCode.UnprocessableEntity, put.StatusCode);
        Assert.Equal(GoodRules, running.GetProperty("source").GetString());
    }

    [Fact]
    public async Task CheckRules_BodiesUpToTheRuleFileLimit_AreAcceptedAndLargerOnesRefused()
    {
        // Rule files have a limit of their own, above the API's default body limit.
        var largest = await _client.PostAsync("/api/v1/gate/rules/check", Text("#" + new string('x', Fairdrop.Gate.Language.RuleLimits.MaxSourceLength - 1)));
        var over = await _client.PostAsync("/api/v1/gate/rules/check", Text(new string('#', Fairdrop.Gate.Language.RuleLimits.MaxSourceLength + 1)));

        Assert.Equal(HttpStatusCode.OK, largest.StatusCode);
        await ProblemAssert.IsProblemAsync(over, HttpStatusCode.RequestEntityTooLarge, "payload_too_large");
    }

    [Fact]
    public async Task ListDecisions_RecordedDecisions_AreListedNewestFirstAndFilterByDecision()
    {
        await _client.PutAsync("/api/v1/gate/rules", Text(GoodRules));
        var engine = _gate.Services.GetRequiredService<GateEngine>();
        var sink = _gate.Services.GetRequiredService<IDecisionSink>();
        foreach (var path in new[] { "/cart/add.js", "/cart/add.js" })
        {
            var request = new GateRequest { Action = "add_to_cart", CustomerId = "alice", Method = "POST", Path = path };
            request.ComputeIdentities();
            sink.Record(request, await engine.DecideAsync(request, CancellationToken.None));
        }

        var blocked = await PollAsync("/api/v1/gate/decisions?decision=block", 1);
        var all = await PollAsync("/api/v1/gate/decisions", 2);

        Assert.Equal("cart_burst", Assert.Single(blocked.EnumerateArray()).GetProperty("rule").GetString());
        Assert.Equal(["block", "allow"], all.EnumerateArray().Select(d => d.GetProperty("decision").GetString()));
    }

    private async Task<JsonElement> PollAsync(string url, int count)
    {
        // The decision writer batches off the request path; give it a few seconds.
        for (var attempt = 0; ; attempt++)
        {
            var items = (await _client.GetFromJsonAsync<JsonElement>(url)).GetProperty("items");
            if (items.GetArrayLength() >= count || attempt == 100)
            {
                return items;
            }

            await Task.Delay(100);
        }
    }

    private static StringContent Text(string text) => new(text, Encoding.UTF8, "text/plain");
}
