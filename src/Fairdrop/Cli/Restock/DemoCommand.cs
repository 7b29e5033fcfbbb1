using System.CommandLine;
using System.Text.Json;
using Fairdrop.Core.Storage;
using Fairdrop.Exchange.Deliveries;
using Fairdrop.Restock;
using Fairdrop.Restock.Analytics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Spectre.Console;

namespace Fairdrop.Cli.Restock;

/// <summary>
/// <c>fairdrop demo</c>: a restock from start to finish on the embedded database with no setup — 10,000 shoppers
/// waiting over email and in-app, 500 units back, waves played on an accelerated clock — ending with the funnel.
/// </summary>
internal static class DemoCommand
{
    private static readonly JsonSerializerOptions Json = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    public static Command Create()
    {
        var storage = new StorageArguments();
        var shoppers = new Option<int>("--shoppers") { Description = "Shoppers on the waitlist.", DefaultValueFactory = _ => 10_000 };
        var units = new Option<long>("--units") { Description = "Units restocked.", DefaultValueFactory = _ => 500 };
        var mail = new Option<string>("--mail") { Description = "Folder the emails are written to as .eml files when no SMTP server is configured.", DefaultValueFactory = _ => "demo-mail", HelpName = "DIR" };
        var command = new Command("demo", "A restock from start to finish on a scratch database: waitlist, restock, waves on an accelerated clock, and the funnel.")
        {
            shoppers,
            units,
            mail,
        };
        storage.AddTo(command);
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var settings = storage.ToSettings(parseResult);
            settings["Fairdrop:Exchange:RunWorkers"] = "false";
            settings["Fairdrop:Batch:RunWorkers"] = "false";
            if (!settings.ContainsKey("Fairdrop:Storage:Postgres") && !settings.ContainsKey("Fairdrop:Storage:DataDirectory"))
            {
                settings["Fairdrop:Storage:DataDirectory"] = Directory.CreateTempSubdirectory("fairdrop-demo-").FullName;
            }

            var mailFolder = DemoServices.HasSmtp(settings) ? null : Path.GetFullPath(parseResult.GetValue(mail)!);
            var clock = new DemoClock(TimeProvider.System.GetUtcNow().AddHours(-6));
            await using var services = await DemoServices.CreateAsync(settings, clock, mailFolder, cancellationToken);
            var (count, restocked) = (parseResult.GetValue(shoppers), parseResult.GetValue(units));
            (Guid Merchant, IReadOnlyList<DemoWave> Waves) run;
            if (Console.IsOutputRedirected)
            {
                run = await new DemoScenario(services, clock, new PlainDemoProgress()).RunAsync(count, restocked, 0.3, cancellationToken);
            }
            else
            {
                run = await AnsiConsole.Progress().AutoClear(false).StartAsync(context =>
                    new DemoScenario(services, clock, new LiveDemoProgress(context)).RunAsync(count, restocked, 0.3, cancellationToken));
            }

            var figures = await FiguresAsync(services, settings, mailFolder, run.Merchant, restocked, run.Waves, cancellationToken);
            Print(figures);
            return figures.Alerted == figures.DistinctAlerted && (mailFolder is null || figures.EmailFiles == figures.Emails) ? 0 : 1;
        });
        return command;
    }

    private static async Task<DemoFigures> FiguresAsync(
        ServiceProvider services, Dictionary<string, string?> settings, string? mailFolder, Guid merchant, long units, IReadOnlyList<DemoWave> waves, CancellationToken cancellationToken)
    {
        var analytics = services.GetRequiredService<RestockAnalytics>();
        var funnel = (await analytics.FunnelAsync(merchant, null, cancellationToken))[0];
        var (alerted, distinct) = await analytics.AlertTotalsAsync(merchant, cancellationToken);
        var sent = await SentAsync(services.GetRequiredService<DeliveryService>(), merchant, cancellationToken);
        var emails = sent.Where(d => d.Channel == "email").ToList();
        var files = mailFolder is null ? 0 : emails.Count(d => File.Exists(Path.Combine(mailFolder, $"{d.Id:N}.eml")));
        var where = settings.TryGetValue("Fairdrop:Storage:DataDirectory", out var data) && data is not null ? Path.GetFullPath(data) : "postgres";
        return new DemoFigures(
            services.GetRequiredService<DbConnectionFactory>().Dialect.Name, where, mailFolder ?? "smtp", funnel.Waiting, alerted, distinct, sent.Count, sent.Count(d => d.Channel == "in_app"),
            emails.Count, files, funnel.Clicked, funnel.Purchased, funnel.Revenue, units,
            services.GetRequiredService<IOptions<RestockOptions>>().Value.AlertsPerUnit, funnel.RoundStatus ?? "none", waves);
    }

    /// <summary>Every delivery of the merchant's that was sent, read a page at a time through the exchange.</summary>
    private static async Task<List<Delivery>> SentAsync(DeliveryService deliveries, Guid merchant, CancellationToken cancellationToken)
    {
        var sent = new List<Delivery>();
        Guid? after = null;
        while (true)
        {
            var listed = await deliveries.ListAsync(merchant, new DeliveryFilter(Status: DeliveryStatus.Sent), after, 1000, cancellationToken);
            var page = listed.TryGetValue(out var rows, out var error) ? rows : throw new InvalidOperationException(error.Message);
            sent.AddRange(page);
            if (page.Count < 1000)
            {
                return sent;
            }

            after = page[^1].Id;
        }
    }

    private static void Print(DemoFigures f)
    {
        var waves = new Table().Title("waves (15 minutes apart, on the demo's clock)")
            .AddColumn("wave").AddColumn(new TableColumn("stock").RightAligned()).AddColumn(new TableColumn("alerts").RightAligned())
            .AddColumn(new TableColumn("clicks").RightAligned()).AddColumn(new TableColumn("sold").RightAligned());
        foreach (var w in f.Waves)
        {
            waves.AddRow($"{w.Number}", $"{w.StockBefore:N0}", $"{w.Alerts:N0}", $"{w.Clicks:N0}", $"{w.Purchases:N0}");
        }

        var funnel = new Table().Title($"restock funnel: {f.Units:N0} units, {f.AlertsPerUnit} alerts per unit, round {f.RoundStatus}")
            .AddColumn("stage").AddColumn(new TableColumn("count").RightAligned());
        funnel.AddRow("waiting", $"{f.Waiting:N0}");
        funnel.AddRow("alerted", $"{f.Alerted:N0}");
        funnel.AddRow("sent", $"{f.Sent:N0}");
        funnel.AddRow("  in-app delivered", $"{f.InAppDelivered:N0}");
        funnel.AddRow("  emails", $"{f.Emails:N0}");
        funnel.AddRow("clicked", $"{f.Clicked:N0}");
        funnel.AddRow("purchased", $"{f.Purchased:N0}");
        funnel.AddRow("revenue", $"{f.Revenue:N2}");
        AnsiConsole.Write(waves);
        AnsiConsole.Write(funnel);
        AnsiConsole.WriteLine($"emails: {(f.Mail == "smtp" ? "sent through the configured SMTP server" : $"{f.EmailFiles:N0} .eml files in {f.Mail}")}");
        AnsiConsole.WriteLine($"data: {f.DataDirectory} (try: fairdrop restock report --data \"{f.DataDirectory}\")");
        Console.Out.Flush();
        Console.WriteLine(JsonSerializer.Serialize(f, Json));
    }
}
