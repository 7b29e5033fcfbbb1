using Fairdrop.Gate.Activity;
using Fairdrop.Gate.Decisions;
using Fairdrop.Gate.Language;

namespace Fairdrop.Gate.Tests.Decisions;

public sealed class DecisionReplayTests : IDisposable
{
    private static readonly DateTimeOffset T0 = new(2025, 11, 28, 9, 0, 0, TimeSpan.Zero);
    private readonly string _directory = Directory.CreateTempSubdirectory("fairdrop-replay-").FullName;

    [Fact]
    public async Task Run_StricterRules_ReportsTheRequestsWhoseActionChanges()
    {
        // Recorded under no rules: a bot adding to cart every 300 ms, a human every 5 s, a checkout flood from one ip.
        var log = new List<DecisionRecord>();
        for (var i = 0; i < 4; i++)
        {
            log.Add(Record(T0.AddMilliseconds(300 * i), "add_to_cart", "bot"));
            log.Add(Record(T0.AddSeconds(5 * i), "add_to_cart", "human"));
        }

        for (var i = 0; i < 7; i++)
        {
            log.Add(Record(T0.AddSeconds(30 + i), "checkout", "c" + i, ip: "198.51.100.50"));
        }

        var (report, compilation) = await Replay(Samples.IssueRules, log);

        Assert.True(compilation.Success);
        Assert.Equal(15, report!.Requests);
        Assert.Equal(new ReplayActionCount("allow", 15, 11), report.Actions.Single(a => a.Action == "allow"));
        Assert.Equal(new ReplayActionCount("block", 0, 3), report.Actions.Single(a => a.Action == "block"));
        Assert.Equal(new ReplayActionCount("delay", 0, 1), report.Actions.Single(a => a.Action == "delay"));
        Assert.Equal(4, report.Changes.Count);
        Assert.All(report.Changes.Where(c => c.After == "block"), c => Assert.Equal(("bot", "allow", "cart_burst"), (c.Request.CustomerId, c.Before, c.AfterRule)));
        Assert.Equal("c6", report.Changes.Single(c => c.After == "delay").Request.CustomerId);
        var cartBurst = report.Rules.Single(r => r.Rule == "cart_burst");
        Assert.Equal((3, 3, 3), (cartBurst.Matched, cartBurst.Decided, cartBurst.Changed));
    }

    [Fact]
    public async Task Run_LooserRules_ShowsBlocksThatBecomeAllows()
    {
        var log = new List<DecisionRecord>
        {
            Record(T0, "add_to_cart", "alice"),
            Record(T0.AddMilliseconds(400), "add_to_cart", "alice") with { Decision = "block", Rule = "cart_burst", MatchedRules = "cart_burst" },
        };

        var (report, _) = await Replay("rule cart_burst when action == \"add_to_cart\" and since_last(\"add_to_cart\", customer) < 200ms then block", log);

        var change = Assert.Single(report!.Changes);
        Assert.Equal(("block", "cart_burst", "allow", (string?)null), (change.Before, change.BeforeRule, change.After, change.AfterRule));
        Assert.Equal(new ReplayActionCount("block", 1, 0), report.Actions.Single(a => a.Action == "block"));
    }

    [Fact]
    public async Task Run_RulesWithErrors_ReplaysNothing()
    {
        var (report, compilation) = await Replay("rule broken when custmer.age < 1h then block", [Record(T0, "checkout", "alice")]);

        Assert.Null(report);
        Assert.Contains(compilation.Errors, d => d.Message.Contains("custmer.age", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ReadAsync_NewestFirstFile_ReturnsRecordsOldestFirst()
    {
        var path = Path.Combine(_directory, "log.jsonl");
        await DecisionLogFile.WriteAsync(path, [Record(T0.AddSeconds(2), "checkout", "b"), Record(T0, "add_to_cart", "a")], CancellationToken.None);

        var records = await DecisionLogFile.ReadAsync(path, CancellationToken.None);

        Assert.Equal(["a", "b"], records.Select(r => r.CustomerId));
        Assert.Equal(T0, records[0].At);
        Assert.Equal("203.0.113.7", records[0].Ip);
    }

    [Fact]
    public async Task ReadAsync_LineThatIsNotADecision_NamesTheLine()
    {
        var path = Path.Combine(_directory, "bad.jsonl");
        await File.WriteAllLinesAsync(path, ["", "{\"not\": \"a decision\"}"]);

        var error = await Assert.ThrowsAsync<FormatException>(() => DecisionLogFile.ReadAsync(path, CancellationToken.None));

        Assert.Contains("bad.jsonl:2", error.Message, StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private async Task<(ReplayReport? Report, RuleCompilation Compilation)> Replay(string rules, IReadOnlyList<DecisionRecord> log)
    {
        // Through a file, as the command reads an exported log.
        var path = Path.Combine(_directory, Guid.NewGuid().ToString("N") + ".jsonl");
        await DecisionLogFile.WriteAsync(path, log, CancellationToken.None);
        var records = await DecisionLogFile.ReadAsync(path, CancellationToken.None);
        return await DecisionReplay.RunAsync(rules, CompileContext.Default, new ActivityOptions(), DecisionLogFile.AsAsync(records), CancellationToken.None);
    }

    private static DecisionRecord Record(DateTimeOffset at, string action, string customer, string ip = "203.0.113.7") => new(
        Guid.CreateVersion7(at), Guid.Empty, at, "allow", null, string.Empty, string.Empty, "empty", "POST", "/cart/add", action, ip,
        customer, string.Empty, string.Empty, "Mozilla/5.0", string.Empty);
}
