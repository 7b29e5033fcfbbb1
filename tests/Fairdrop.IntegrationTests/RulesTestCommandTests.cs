using System.Text.Json;
using Fairdrop.Testing;

namespace Fairdrop.IntegrationTests;

/// <summary><c>fairdrop rules test FILE --replay LOG</c> on an exported log with a corrupted line: the line is skipped and counted, the rest replayed.</summary>
public sealed class RulesTestCommandTests : IDisposable
{
    private const string Rules = """
        rule cart_burst
          when action == "add_to_cart" and since_last("add_to_cart", customer) < 1s
          then block
        """;

    private readonly string _directory = Directory.CreateTempSubdirectory("fairdrop-replay-").FullName;

    [Fact]
    public async Task Replay_LogWithCorruptedLines_SkipsAndCountsThem_AndReplaysTheRest()
    {
        var rules = Path.Combine(_directory, "rules.gate");
        var log = Path.Combine(_directory, "night.jsonl");
        await File.WriteAllTextAsync(rules, Rules);
        await File.WriteAllLinesAsync(log,
        [
            Decision("2026-12-06T20:00:00.000Z"),
            """{"id":"0193a5f0-0000-7000-8000-000000000002","at":"2026-12-06T20:00:00.4""", // cut short mid-write
            Decision("2026-12-06T20:00:00.500Z"),
            "not json at all",
            string.Empty,
            """{"note":"valid JSON, but not a decision"}""",
        ]);

        var json = await FairdropProcess.RunAsync(["rules", "test", rules, "--replay", log, "--json"]);
        var plain = await FairdropProcess.RunAsync(["rules", "test", rules, "--replay", log]);

        Assert.True(json.ExitCode == 0, json.Stderr);
        var report = JsonDocument.Parse(json.Stdout).RootElement;
        Assert.Equal((2, 3), (report.GetProperty("requests").GetInt32(), report.GetProperty("skippedLines").GetInt32()));
        Assert.Equal(1, report.GetProperty("rules")[0].GetProperty("changed").GetInt32());
        Assert.True(plain.ExitCode == 0, plain.Stderr);
        Assert.Contains($"3 unreadable lines of {log} skipped", plain.Stdout, StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private static string Decision(string at) =>
        $$"""{"at":"{{at}}","decision":"allow","method":"POST","path":"/cart/add","action":"add_to_cart","ip":"203.0.113.7","customerId":"alice","ruleVersion":"empty"}""";
}
