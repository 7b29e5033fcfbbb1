using System.Diagnostics;
using System.Text.Json;
using System.Text.RegularExpressions;
using Fairdrop.Testing;

namespace Fairdrop.Drops.Tests.Sealing;

/// <summary>
/// docs/drops-verify.py, which shares no code with Fairdrop, must agree with the server's own verification on
/// thousands of random drops, honest and altered, and both must reproduce the worked example of docs/drops.md.
/// </summary>
public sealed partial class StandaloneVerifierTests
{
    private static readonly JsonSerializerOptions Web = new(JsonSerializerDefaults.Web);

    [Fact]
    public async Task ThePythonVerifier_AgreesWithTheServer_OnRandomHonestAndAlteredDrops()
    {
        var random = new Random(20261207);
        var audits = new List<DropAudit>();
        for (var i = 0; i < 3_000; i++)
        {
            var audit = RandomAudits.Create(random, beacon: random.Next(2) == 0, rolling: random.Next(2) == 0);
            audits.Add(i % 3 == 2 && RandomAudits.Tamper(random, audit) is { } altered ? altered : audit);
        }

        var results = await RunPythonAsync(audits);

        Assert.Equal(audits.Count, results.Count);
        var disagreements = audits.Zip(results).Where(p => p.First.Verify().Verified != p.Second.GetProperty("verified").GetBoolean()).ToList();
        Assert.True(disagreements.Count == 0, $"{disagreements.Count} drops judged differently, first: {disagreements.FirstOrDefault().Second}");
        foreach (var (audit, result) in audits.Zip(results).Where(p => p.First.Verify().Verified))
        {
            var places = result.GetProperty("places");
            Assert.All(audit.Entries.Where(e => e.Place is not null), e => Assert.Equal(e.Place, places.GetProperty(e.EntryId.ToString()).GetInt64()));
        }

        Assert.InRange(audits.Count(a => !a.Verify().Verified), 700, 1_000); // most of the altered third is caught (not fcfs flag flips, which change no place)
        Assert.InRange(audits.Count(a => a.Verify().Verified), 2_000, 2_300);
    }

    [Fact]
    public async Task TheWorkedExample_OfTheSpec_IsWhatTheServerComputes_AndBothVerifiersAccept()
    {
        var example = RandomAudits.Create(new Random(339), beacon: true, rolling: true, maxPreQueue: 6, maxLate: 5);
        var documented = JsonSerializer.Deserialize<DropAudit>(ExampleBlock().Match(File.ReadAllText(RepoFiles.PathOf("docs", "drops.md"))).Groups[1].Value, Web)!;

        Assert.Equal(JsonSerializer.Serialize(example, Web), JsonSerializer.Serialize(documented, Web));
        Assert.True(documented.Verify().Verified, documented.Verify().Message);
        Assert.True((await RunPythonAsync([documented]))[0].GetProperty("verified").GetBoolean());
    }

    private static async Task<List<JsonElement>> RunPythonAsync(IReadOnlyList<DropAudit> audits)
    {
        var file = Path.GetTempFileName();
        try
        {
            await File.WriteAllTextAsync(file, JsonSerializer.Serialize(audits, Web));
            var start = new ProcessStartInfo("python3", [RepoFiles.PathOf("docs", "drops-verify.py"), "--batch", file]) { RedirectStandardOutput = true, RedirectStandardError = true };
            using var process = Process.Start(start)!;
            var output = process.StandardOutput.ReadToEndAsync();
            var error = await process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync();
            Assert.True(error.Length == 0, error);
            return (await output).Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => JsonDocument.Parse(line).RootElement.Clone()).ToList();
        }
        finally
        {
            File.Delete(file);
        }
    }

    [GeneratedRegex("<!-- worked-example -->\\s*```json\n(.*?)```", RegexOptions.Singleline)]
    private static partial Regex ExampleBlock();
}
