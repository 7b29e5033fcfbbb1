using System.Net;
using Fairdrop.Core;
using Fairdrop.Core.Storage;
using Fairdrop.Core.Storage.Migrations;
using Fairdrop.Gate.Decisions;
using Fairdrop.Gate.Engine;
using Fairdrop.Gate.Hosting;
using Fairdrop.Gate.Recommendations;
using Fairdrop.Gate.Recommendations.Labels;
using Fairdrop.Gate.Recommendations.Simulation;
using Fairdrop.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Fairdrop.Gate.Tests.Recommendations;

/// <summary>
/// The recommendation service over real storage: labels and trials in the gate's tables, decisions recorded by the
/// gate's own queue, the merchant's whole loop from recommending to promoting. Run on SQLite and PostgreSQL.
/// </summary>
public abstract class RecommendationServiceContract(StorageProvider provider) : IAsyncLifetime
{
    private static readonly Guid Merchant = Guid.Parse("0193a5f0-0000-7000-8000-00000000abcd");
    private GateNodeServices? _node;

    private ServiceProvider? _services => _node?.Services;

    private FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 12, 7, 6, 0, 0, TimeSpan.Zero));

    private GateRecommendationService Service => _services!.GetRequiredService<GateRecommendationService>();

    private RuleSetHolder Rules => _services!.GetRequiredService<RuleSetHolder>();

    public async Task InitializeAsync() => _node = await GateNodeServices.CreateAsync(provider, new Dictionary<string, string?>
    {
        ["Fairdrop:Gate:MerchantId"] = Merchant.ToString(),
        ["Fairdrop:Gate:DecisionLog:AllowedSampleRate"] = "1",
    }, Time);

    public async Task DisposeAsync() => await _node!.DisposeAsync();

    [SkippableFact]
    public async Task AcceptAndPromote_TopRecommendation_StartsInShadowAndItsHitsMatchThePrediction()
    {
        var night = Nights.Training;
        await RecordAsync(night.Log.Select(r => r with { Id = Guid.CreateVersion7(r.At), MerchantId = Merchant }));
        Assert.Equal(night.Labels.Count, (await Service.PutLabelsAsync(Merchant, [.. night.Labels.Select(Evidence)], CancellationToken.None)).Value);

        var report = (await Service.RecommendAsync(Merchant, new RecommendationQuery(), CancellationToken.None)).Value!;
        var top = report.Recommendations[0];
        Assert.Equal((await Nights.Trained).Recommendations[0], top);

        var accepted = (await Service.AcceptAsync(Merchant, top.Rule, null, CancellationToken.None)).Value!;
        Assert.True(Rules.Current.Rules.Single(r => r.Name == top.Name).Shadow);
        Assert.Equal((top.Impact.Requests, night.Log.Count), (accepted.PredictedMatches, accepted.PredictedRequests));

        // The next night's traffic is the same: the shadow rule, live in the gate, should hit what was predicted.
        var window = accepted.PredictedWindow;
        var observed = await PlayLiveAsync(night, shiftedTo: Time.GetUtcNow());
        Time.SetUtcNow(accepted.AcceptedAt + window);
        var trial = Assert.Single((await Service.TrialsAsync(Merchant, null, 100, CancellationToken.None)).Value!);
        Assert.Equal(accepted.PredictedMatches, trial.ObservedHits);
        Assert.Equal(observed, trial.ObservedHits);
        Assert.Equal(1.0, trial.ObservedOverPredicted!.Value, precision: 6);

        var promoted = (await Service.PromoteAsync(Merchant, top.Name, CancellationToken.None)).Value!;
        Assert.NotNull(promoted.PromotedAt);
        Assert.False(Rules.Current.Rules.Single(r => r.Name == top.Name).Shadow);
        Assert.Equal("already_promoted", (await Service.PromoteAsync(Merchant, top.Name, CancellationToken.None)).Error!.Code);
    }

    [SkippableFact]
    public async Task ImportedLog_IsTheMerchantsOwn_ReadBackOldestFirst_AndRecommendedFrom()
    {
        var night = Nights.Training;
        var store = _services!.GetRequiredService<DecisionStore>();

        var written = await store.ImportAsync(Merchant, night.Log.Reverse(), CancellationToken.None);
        var read = await store.ReadOldestFirstAsync(Merchant, null, CancellationToken.None).ToListAsync();
        var report = (await Service.RecommendAsync(Merchant, new RecommendationQuery(), CancellationToken.None)).Value!;

        Assert.Equal(night.Log.Count, written);
        // Oldest first; requests of the same millisecond come in the order of their new ids.
        Assert.Equal(night.Log.Select(r => r.At), read.Select(r => r.At));
        Assert.Equal(night.Log.Select(Key).Order(StringComparer.Ordinal), read.Select(Key).Order(StringComparer.Ordinal));
        Assert.All(read, r => Assert.Equal(Merchant, r.MerchantId));
        Assert.Equal((RecommendationReport.Ok, night.Log.Count), (report.Status, (int)report.Requests));
    }

    [SkippableFact]
    public async Task Labels_PutTwice_TheLaterEvidenceWins()
    {
        await Service.PutLabelsAsync(Merchant, [new("c-1", new LabelEvidence(1)), new("c-2", new LabelEvidence { ChallengesFailed = 1 })], CancellationToken.None);
        await Service.PutLabelsAsync(Merchant, [new("c-1", new LabelEvidence(1) { MarkedFraud = true })], CancellationToken.None);

        var labels = await _services!.GetRequiredService<LabelStore>().ReadAsync(Merchant, CancellationToken.None);

        Assert.Equal(
            [new ShopperLabel("c-1", ShopperClass.Bot, 1, "marked fraud"), new ShopperLabel("c-2", ShopperClass.Bot, 0, "failed a challenge")],
            labels.OrderBy(l => l.Shopper, StringComparer.Ordinal));
    }

    [SkippableFact]
    public async Task Recommend_NoRecordedTraffic_NotEnoughTraffic()
    {
        var report = (await Service.RecommendAsync(Merchant, new RecommendationQuery(), CancellationToken.None)).Value!;

        Assert.Equal((RecommendationReport.NotEnoughTraffic, 0), (report.Status, report.Recommendations.Count));
    }

    [SkippableFact]
    public async Task BadInput_AnswersStableCodes()
    {
        var none = CancellationToken.None;
        Assert.Equal("invalid_max_human_cost", (await Service.RecommendAsync(Merchant, new RecommendationQuery(MaxHumanCost: 0), none)).Error!.Code);
        Assert.Equal("invalid_max_human_cost", (await Service.RecommendAsync(Merchant, new RecommendationQuery(MaxHumanCost: double.NaN), none)).Error!.Code);
        Assert.Equal("invalid_candidates", (await Service.RecommendAsync(Merchant, new RecommendationQuery(Candidates: 17), none)).Error!.Code);
        Assert.Equal("invalid_rule", (await Service.AcceptAsync(Merchant, "rule x when custmer.age < 1h then block", null, none)).Error!.Code);
        Assert.Equal("invalid_rule", (await Service.AcceptAsync(Merchant, "rule a when path == \"/\" then log\nrule b when path == \"/x\" then log", null, none)).Error!.Code);
        Assert.Equal("invalid_rule", (await Service.AcceptAsync(Merchant, string.Empty, null, none)).Error!.Code);
        Assert.Equal("not_found", (await Service.AcceptAsync(Guid.NewGuid(), "rule a when path == \"/\" then log", null, none)).Error!.Code);
        Assert.Equal("not_found", (await Service.PromoteAsync(Merchant, "never_accepted", none)).Error!.Code);
        Assert.Equal("invalid_labels", (await Service.PutLabelsAsync(Merchant, [], none)).Error!.Code);
        Assert.Equal("invalid_labels", (await Service.PutLabelsAsync(Merchant, [new(string.Empty, new LabelEvidence(1))], none)).Error!.Code);

        Assert.Equal("ok", (await Service.AcceptAsync(Merchant, "rule a when path == \"/\" then log", null, none)).Value!.Name is "a" ? "ok" : "no");
        Assert.Equal("rule_exists", (await Service.AcceptAsync(Merchant, "rule a when path == \"/y\" then log", null, none)).Error!.Code);
    }

    [SkippableFact]
    public async Task Accept_RuleSetFull_RefusesAndLeavesNoTrial()
    {
        Rules.TryReplace(string.Join('\n', Enumerable.Range(0, 256).Select(i => $"rule r{i} when path == \"/{i}\" then log")), "test");

        var refused = await Service.AcceptAsync(Merchant, "rule extra when path == \"/x\" then log", null, CancellationToken.None);

        Assert.Equal("invalid_rule", refused.Error!.Code);
        Assert.Empty((await Service.TrialsAsync(Merchant, null, 100, CancellationToken.None)).Value!);
        Assert.Equal(256, Rules.Current.Rules.Count);
    }

    private static string Key(DecisionRecord r) => string.Join('|', r.At.ToUnixTimeMilliseconds(), r.CustomerId, r.SessionId, r.Ip, r.Path);

    private static ShopperEvidence Evidence(ShopperLabel label) => new(label.Shopper, label.Class switch
    {
        ShopperClass.Bot => new LabelEvidence(label.Purchases) { MarkedFraud = true },
        ShopperClass.Human => new LabelEvidence(label.Purchases),
        _ => new LabelEvidence(),
    });

    private async Task RecordAsync(IEnumerable<DecisionRecord> records) =>
        await _services!.GetRequiredService<BulkWriter>().InsertAsync(DecisionWriter.Table, [.. records], CancellationToken.None);

    /// <summary>Plays the night through the running gate (engine and decision queue, as the middleware does), shifted in time; returns the shadow hits.</summary>
    private async Task<long> PlayLiveAsync(SimulatedNight night, DateTimeOffset shiftedTo)
    {
        var engine = _services!.GetRequiredService<GateEngine>();
        var queue = _services!.GetRequiredService<DecisionQueue>();
        var shift = shiftedTo - night.Log[0].At;
        long hits = 0;
        var recorded = new List<DecisionRecord>();
        foreach (var record in night.Log)
        {
            Time.SetUtcNow(record.At + shift);
            var request = new GateRequest { Method = record.Method, Path = record.Path, Action = record.Action, ClientIp = IPAddress.Parse(record.Ip!), CustomerId = record.CustomerId, SessionId = record.SessionId, DeviceId = record.DeviceId, UserAgent = record.UserAgent, ProductId = record.ProductId };
            request.ComputeIdentities();
            var decision = await engine.DecideAsync(request, CancellationToken.None);
            hits += decision.ShadowMatched.IsEmpty ? 0 : 1;
            queue.Record(request, decision);
            while (queue.Reader.TryRead(out var logged))
            {
                recorded.Add(logged);
            }
        }

        await RecordAsync(recorded);
        return hits;
    }
}

public sealed class SqliteRecommendationServiceTests() : RecommendationServiceContract(StorageProvider.Sqlite);

public sealed class PostgresRecommendationServiceTests() : RecommendationServiceContract(StorageProvider.Postgres);
