using System.Net;
using Fairdrop.Core.Shoppers;
using Fairdrop.Core.Staff;
using Fairdrop.Core.Tenancy;
using Fairdrop.Gate.Decisions;
using Fairdrop.Gate.Engine;
using Fairdrop.Gate.Recommendations;
using Fairdrop.Gate.Recommendations.Labels;
using Fairdrop.Gate.Recommendations.Simulation;
using Fairdrop.Tests.Api.Gate;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace Fairdrop.Tests.Console;

/// <summary>
/// The recommendations page without a browser, over a small simulated night in the gate merchant's log: the owner's
/// accept form adds the top rule in shadow mode; a viewer sees the forms disabled, and a forged accept or promote is a
/// 403 that changes neither the running rules nor the trials; the threshold form works without the script; "not enough
/// traffic" and "by anomaly only" are said in words; with a placed drop, each rule's effect there.
/// </summary>
public sealed class GateRecommendationsPageTests : IAsyncLifetime
{
    private const string Page = "/console/gate/recommendations";

    // Small enough to recommend in a second, big enough (over 1,000 requests and 50 shoppers) to be worth reading.
    private static readonly SimulatedNight Night = TrafficSimulator.Simulate(new SimulationSettings(Seed: 1, Humans: 500, BotsPerKind: 5));
    private GateNode _node = null!;

    private GateRecommendationService Recommendations => _node.Gate.Services.GetRequiredService<GateRecommendationService>();

    private GateRulesService Rules => _node.Gate.Services.GetRequiredService<GateRulesService>();

    public async Task InitializeAsync()
    {
        _node = await GateNode.CreateAsync();
        await _node.Gate.Services.GetRequiredService<DecisionStore>().ImportAsync(_node.MerchantId, Night.Log, CancellationToken.None);
        var evidence = Night.Labels.Select(l => new ShopperEvidence(l.Shopper, l.Class == ShopperClass.Bot ? new LabelEvidence { MarkedFraud = true } : new LabelEvidence(l.Purchases))).ToList();
        Assert.True((await Recommendations.PutLabelsAsync(_node.MerchantId, evidence, CancellationToken.None)).IsSuccess);
    }

    public async Task DisposeAsync() => await _node.DisposeAsync();

    [Fact]
    public async Task ThresholdForm_WithoutScript_ReRunsAtTheAskedBound_AndAnOutOfRangeBoundIsAProblem()
    {
        var viewer = await StaffSessions.SignedInAsync(_node.Gate, _node.MerchantId, "viewer");

        var loose = WebUtility.HtmlDecode(await viewer.Client.GetStringAsync(Page + "?maxHumanCost=0.02&days="));
        var garbled = WebUtility.HtmlDecode(await viewer.Client.GetStringAsync(Page + "?maxHumanCost=lots&days=x"));
        var tooLoose = await viewer.Client.GetAsync(Page + "?maxHumanCost=0.9");

        Assert.Contains("<output id=\"cost-value\" for=\"cost\">2.0 %</output>", loose, StringComparison.Ordinal);
        Assert.Contains("each rule touches at most 2.00 % of the labelled humans", loose, StringComparison.Ordinal);
        Assert.Contains("<output id=\"cost-value\" for=\"cost\">0.5 %</output>", garbled, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, tooLoose.StatusCode);
        Assert.Contains("maxHumanCost must be more than 0", await ConsoleSession.TextOfProblemAsync(tooLoose), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Page_SaysNotEnoughTraffic_AndByAnomalyOnly_InWords()
    {
        var merchants = _node.Gate.Services.GetRequiredService<MerchantStore>();
        var (quiet, _) = await merchants.CreateAsync("Quiet shop", CancellationToken.None);
        var (unlabelled, _) = await merchants.CreateAsync("Unlabelled shop", CancellationToken.None);
        await _node.Gate.Services.GetRequiredService<DecisionStore>().ImportAsync(unlabelled.Id, Night.Log, CancellationToken.None);

        var none = WebUtility.HtmlDecode(await (await StaffSessions.SignedInAsync(_node.Gate, quiet.Id, "viewer")).Client.GetStringAsync(Page));
        var anomaly = WebUtility.HtmlDecode(await (await StaffSessions.SignedInAsync(_node.Gate, unlabelled.Id, "viewer")).Client.GetStringAsync(Page));

        Assert.Contains("<h2 id=\"recs-h\">Not enough traffic</h2>", none, StringComparison.Ordinal);
        Assert.Contains("Not enough traffic: 0 requests", none, StringComparison.Ordinal);
        Assert.DoesNotContain("Accept in shadow mode", none, StringComparison.Ordinal);
        Assert.Contains("By anomaly only:", anomaly, StringComparison.Ordinal);
        Assert.Contains("<dt>Humans hurt</dt><dd>unknown (none labelled)</dd>", anomaly, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Page_WithAPlacedDrop_SaysWhatEachRuleWouldHaveChangedThere()
    {
        // The night's shoppers who added to cart, in order of their first add (the fast bots come first), as a placed drop's queue.
        var queue = Night.Log.Where(r => r.Action == "add_to_cart").Select(ShopperKey.Of).Distinct().ToList();
        var drops = new OneDrop(new DropQueue(Guid.NewGuid(), "Opening rush", queue.Count / 4, queue));
        var app = _node.Gate.WithWebHostBuilder(b => b.ConfigureTestServices(s => s.AddSingleton<IDropQueues>(drops)));

        var page = WebUtility.HtmlDecode(await (await StaffSessions.SignedInAsync(app, _node.MerchantId, "viewer")).Client.GetStringAsync(Page));

        Assert.Contains("<dt>On the last drop, Opening rush</dt>", page, StringComparison.Ordinal);
        Assert.Contains(": the human queue moves up</dd>", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Owner_AcceptsTheTopRule_ItRunsInShadow_AndAViewersForgedPostsAre403AndChangeNothing()
    {
        var top = (await Recommendations.RecommendAsync(_node.MerchantId, new RecommendationQuery(), CancellationToken.None)).Value!.Recommendations[0];
        var owner = await StaffSessions.SignedInAsync(_node.Gate, _node.MerchantId, "owner");

        var accepted = await owner.SubmitAsync(Page, "accept", new Dictionary<string, string> { ["Accept.Rule"] = top.Rule.ReplaceLineEndings("\r\n") });

        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
        Assert.Contains($"Accepted {top.Name} in shadow mode", WebUtility.HtmlDecode(await accepted.Content.ReadAsStringAsync()), StringComparison.Ordinal);
        Assert.True(Rules.Current(_node.MerchantId).Value!.Rules.Single(r => r.Name == top.Name).Shadow);

        var viewer = await StaffSessions.SignedInAsync(_node.Gate, _node.MerchantId, "viewer");
        var page = await viewer.Client.GetStringAsync(Page);
        Assert.Contains("<fieldset class=\"guard\" disabled", page, StringComparison.Ordinal);
        Assert.Contains($"needs <code>{StaffPermissions.GateWrite}</code>", page, StringComparison.Ordinal);
        var before = Rules.Current(_node.MerchantId).Value!.Source;

        var forgedAccept = await viewer.SubmitAsync(Page, "accept", new Dictionary<string, string> { ["Accept.Rule"] = "rule sneaky when path == \"/\" then block" });
        var forgedPromote = await viewer.SubmitAsync(Page, "promote", new Dictionary<string, string> { ["Promotion.Name"] = top.Name });

        Assert.Equal((HttpStatusCode.Forbidden, HttpStatusCode.Forbidden), (forgedAccept.StatusCode, forgedPromote.StatusCode));
        Assert.Contains("may not do this", await ConsoleSession.TextOfProblemAsync(forgedAccept), StringComparison.Ordinal);
        Assert.Equal(before, Rules.Current(_node.MerchantId).Value!.Source);
        var trial = Assert.Single((await Recommendations.TrialsAsync(_node.MerchantId, null, 100, CancellationToken.None)).Value!);
        Assert.Equal((top.Name, (DateTimeOffset?)null), (trial.Name, trial.PromotedAt));
    }

    private sealed class OneDrop(DropQueue queue) : IDropQueues
    {
        public Task<DropQueue?> LatestPlacedAsync(Guid merchantId, CancellationToken cancellationToken) => Task.FromResult<DropQueue?>(queue);
    }
}
