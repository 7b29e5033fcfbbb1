using System.Text.Json;
using Fairdrop.Testing;

namespace Fairdrop.IntegrationTests;

/// <summary>
/// <c>fairdrop demo</c> as a user runs it from the README (the real process, the embedded SQLite, the default
/// 10,000 shoppers and 500 units), then <c>fairdrop restock report</c> over the folder it left behind.
/// </summary>
public sealed class RestockDemoTests(RestockDemoTests.DemoRun demo) : IClassFixture<RestockDemoTests.DemoRun>
{
    [Fact]
    public void Demo_DefaultScenario_ExitsZeroWithEveryShopperWaiting()
    {
        Assert.True(demo.ExitCode == 0, $"exit {demo.ExitCode}\n{demo.Stdout}\n{demo.Stderr}");
        Assert.Equal(10_000, demo.Figures.GetProperty("waiting").GetInt64());
        Assert.Equal(500, demo.Figures.GetProperty("units").GetInt64());
        Assert.Contains("purchased", demo.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Demo_Waves_NeverAlertMoreThanThePolicyAllowsForTheStockTheyFound()
    {
        var perUnit = demo.Figures.GetProperty("alerts_per_unit").GetDouble();
        var waves = demo.Figures.GetProperty("waves").EnumerateArray().ToList();

        Assert.NotEmpty(waves);
        Assert.Equal(500, waves[0].GetProperty("stock_before").GetInt64());
        Assert.Equal((long)Math.Ceiling(500 * perUnit), waves[0].GetProperty("alerts").GetInt64());
        foreach (var wave in waves)
        {
            var stock = wave.GetProperty("stock_before").GetInt64();
            Assert.InRange(wave.GetProperty("alerts").GetInt64(), 1, (long)Math.Ceiling(stock * perUnit));
        }

        Assert.Equal(waves.Sum(w => w.GetProperty("alerts").GetInt64()), demo.Figures.GetProperty("alerted").GetInt64());
        // Stock only falls by what was sold, so each wave is sized from what the last one left.
        for (var i = 1; i < waves.Count; i++)
        {
            Assert.Equal(
                waves[i - 1].GetProperty("stock_before").GetInt64() - waves[i - 1].GetProperty("purchases").GetInt64(),
                waves[i].GetProperty("stock_before").GetInt64());
        }
    }

    [Fact]
    public void Demo_Funnel_AddsUp_AndNoShopperIsAlertedTwice()
    {
        var f = demo.Figures;
        var alerted = f.GetProperty("alerted").GetInt64();

        Assert.True(alerted > 0);
        Assert.True(alerted <= f.GetProperty("waiting").GetInt64());
        Assert.Equal(alerted, f.GetProperty("distinct_alerted").GetInt64());
        Assert.Equal(alerted, f.GetProperty("sent").GetInt64());
        Assert.Equal(f.GetProperty("sent").GetInt64(), f.GetProperty("in_app_delivered").GetInt64() + f.GetProperty("emails").GetInt64());
        Assert.True(f.GetProperty("in_app_delivered").GetInt64() > 0);
        Assert.True(f.GetProperty("clicked").GetInt64() <= alerted);
        Assert.InRange(f.GetProperty("purchased").GetInt64(), 1, 500);
        Assert.Equal(f.GetProperty("purchased").GetInt64() * 129.0, f.GetProperty("revenue").GetDouble(), 3);
    }

    [Fact]
    public void Demo_WithoutSmtp_WritesOneEmlFilePerEmailSent()
    {
        var files = Directory.GetFiles(demo.MailFolder, "*.eml");

        Assert.Equal(demo.Figures.GetProperty("emails").GetInt64(), files.Length);
        Assert.Equal(files.Length, demo.Figures.GetProperty("email_files").GetInt64());
        var sample = File.ReadAllText(files[0]);
        Assert.Contains("is back in stock", sample, StringComparison.Ordinal);
        Assert.Contains("/api/v1/exchange/r/", sample, StringComparison.Ordinal);
        Assert.Contains("List-Unsubscribe", sample, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RestockReportJson_OnTheDemoFolder_MatchesTheDemoFunnel()
    {
        var (exit, stdout, stderr) = await FairdropProcess.RunAsync(["restock", "report", "--data", demo.DataFolder, "--product", "sneaker-42", "--json"]);

        Assert.True(exit == 0, stderr);
        using var report = JsonDocument.Parse(stdout);
        var row = Assert.Single(report.RootElement.EnumerateArray());
        var funnel = row.GetProperty("funnel");
        Assert.Equal("Demo Sneakers", row.GetProperty("merchant").GetString());
        Assert.Equal("sneaker-42", funnel.GetProperty("product_id").GetString());
        Assert.Equal(demo.Figures.GetProperty("round_status").GetString(), funnel.GetProperty("round_status").GetString());
        foreach (var name in new[] { "waiting", "alerted", "sent", "clicked", "purchased" })
        {
            Assert.Equal(demo.Figures.GetProperty(name).GetInt64(), funnel.GetProperty(name).GetInt64());
        }

        Assert.Equal(demo.Figures.GetProperty("waves").GetArrayLength(), funnel.GetProperty("waves").GetInt64());
    }

    [Fact]
    public async Task RestockReport_UnknownProduct_PrintsAnEmptyJsonArray()
    {
        var (exit, stdout, stderr) = await FairdropProcess.RunAsync(["restock", "report", "--data", demo.DataFolder, "--product", "no-such-product", "--json"]);

        Assert.True(exit == 0, stderr);
        using var report = JsonDocument.Parse(stdout);
        Assert.Equal(0, report.RootElement.GetArrayLength());
    }

    [SkippableFact]
    public async Task Demo_OnPostgres_FunnelAddsUp_AndReportAgrees()
    {
        await using var database = await TestDatabase.CreatePostgresAsync();
        var mail = Directory.CreateTempSubdirectory("fairdrop-demo-pg-mail-").FullName;
        try
        {
            var (exit, stdout, stderr) = await FairdropProcess.RunAsync(
                ["demo", "--postgres", database.PostgresConnectionString!, "--mail", mail, "--shoppers", "2000", "--units", "100"], timeout: TimeSpan.FromMinutes(5));
            Assert.True(exit == 0, $"exit {exit}\n{stdout}\n{stderr}");
            using var figures = JsonDocument.Parse(stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Last(l => l.StartsWith('{')));
            var f = figures.RootElement;
            Assert.Equal("postgres", f.GetProperty("provider").GetString(), ignoreCase: true);
            Assert.Equal(300, f.GetProperty("waves")[0].GetProperty("alerts").GetInt64());
            Assert.Equal(f.GetProperty("alerted").GetInt64(), f.GetProperty("distinct_alerted").GetInt64());
            Assert.Equal(f.GetProperty("emails").GetInt64(), Directory.GetFiles(mail, "*.eml").Length);

            var report = await FairdropProcess.RunAsync(["restock", "report", "--postgres", database.PostgresConnectionString!, "--json"]);
            Assert.True(report.ExitCode == 0, report.Stderr);
            using var rows = JsonDocument.Parse(report.Stdout);
            var funnel = Assert.Single(rows.RootElement.EnumerateArray()).GetProperty("funnel");
            Assert.Equal(f.GetProperty("alerted").GetInt64(), funnel.GetProperty("alerted").GetInt64());
            Assert.Equal(f.GetProperty("purchased").GetInt64(), funnel.GetProperty("purchased").GetInt64());
        }
        finally
        {
            Directory.Delete(mail, recursive: true);
        }
    }

    /// <summary>One run of the demo shared by the tests above: it is the expensive part.</summary>
    public sealed class DemoRun : IAsyncLifetime
    {
        private readonly string _root = Directory.CreateTempSubdirectory("fairdrop-demo-test-").FullName;

        public string DataFolder => Path.Combine(_root, "data");

        public string MailFolder => Path.Combine(_root, "mail");

        public int ExitCode { get; private set; }

        public string Stdout { get; private set; } = string.Empty;

        public string Stderr { get; private set; } = string.Empty;

        public JsonElement Figures { get; private set; }

        public async Task InitializeAsync()
        {
            (ExitCode, Stdout, Stderr) = await FairdropProcess.RunAsync(["demo", "--data", DataFolder, "--mail", MailFolder], timeout: TimeSpan.FromMinutes(5));
            var last = Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault(l => l.StartsWith('{'))
                ?? throw new InvalidOperationException($"fairdrop demo printed no JSON line (exit {ExitCode}):\n{Stdout}\n{Stderr}");
            using var document = JsonDocument.Parse(last);
            Figures = document.RootElement.Clone();
        }

        public Task DisposeAsync()
        {
            try
            {
                Directory.Delete(_root, recursive: true);
            }
            catch (IOException)
            {
                // A SQLite file still closing on a slow machine; the temp folder is cleaned by the system.
            }

            return Task.CompletedTask;
        }
    }
}
